#!/usr/bin/python3
"""Runs Debian's Apertium APy (apertium-apy) for tolk's tests on the loopback interface only.

APy 0.11.7 binds every interface and has no option to say otherwise; this wrapper makes its
tornado server bind 127.0.0.1, then runs APy's own main() with the given arguments
(e.g. -p 40123 /usr/share/apertium/modes).
"""
import sys

import tornado.httpserver

_bind = tornado.httpserver.HTTPServer.bind


def _loopback_bind(self, port, address=None, *args, **kwargs):
    return _bind(self, port, "127.0.0.1", *args, **kwargs)


tornado.httpserver.HTTPServer.bind = _loopback_bind

from apertium_apy.apy import main  # noqa: E402  (after the patch, on purpose)

sys.argv[0] = "apertium-apy"
sys.exit(main())
