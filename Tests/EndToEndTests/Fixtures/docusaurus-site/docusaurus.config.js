// @ts-check

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Lamplighter',
  url: 'https://lamplighter.example',
  baseUrl: '/',
  i18n: {defaultLocale: 'en', locales: ['en', 'fr']},
  presets: [['classic', {docs: {sidebarPath: './sidebars.js'}}]],
};

module.exports = config;
