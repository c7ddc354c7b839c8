/*
 * tolk's window onto ICU4C.
 *
 * This header is the only ICU surface Swift sees. It includes no ICU header: Foundation on Linux
 * carries its own ICU module, and system ICU headers imported next to it clash (UErrorCode and
 * friends). Everything here is opaque handles, plain C types and `tolk_`-prefixed functions.
 *
 * Conventions:
 * - Strings go in as UTF-8 (`const char *` + byte length, or NUL-terminated where noted).
 * - Strings come out as UTF-8 into a caller buffer; the return value is the full length needed.
 *   When it is larger than the capacity, nothing useful was written: call again with a bigger buffer.
 * - `int32_t *status` receives 0 on success, an ICU error code (> 0) on failure; negative values
 *   are ICU warnings and count as success. `tolk_status_name` turns a code into ICU's name for it.
 */
#ifndef TOLK_ICU_H
#define TOLK_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

const char *tolk_status_name(int32_t status);
const char *tolk_icu_version(void);

/* ---- Locales ---- */

/** Number of locales ICU has data for (the `uloc` list). */
int32_t tolk_locale_count(void);
/** The locale id at `index` (NUL-terminated, owned by ICU). */
const char *tolk_locale_at(int32_t index);
/** Canonical BCP 47 tag for a locale id (`pt_BR` → `pt-BR`). */
int32_t tolk_locale_to_language_tag(const char *locale, char *out, int32_t capacity, int32_t *status);
/** The locale's name, spelled for readers of `displayLocale` ("русский", "Russian"). */
int32_t tolk_locale_display_name(const char *locale, const char *displayLocale, char *out, int32_t capacity, int32_t *status);
/** 1 when the locale's script runs right to left, 0 otherwise. */
int32_t tolk_locale_is_right_to_left(const char *locale, int32_t *status);

/* ---- Plural rules ---- */

typedef struct TolkPluralRules TolkPluralRules;

/** Cardinal (`ordinal == 0`) or ordinal rules for a locale. Close with tolk_plural_close. */
TolkPluralRules *tolk_plural_open(const char *locale, int32_t ordinal, int32_t *status);
void tolk_plural_close(TolkPluralRules *rules);
/** The category keyword (one, few, other, …) for a number. */
int32_t tolk_plural_select(const TolkPluralRules *rules, double number, char *out, int32_t capacity, int32_t *status);
/** The locale's keywords, separated by single spaces. */
int32_t tolk_plural_keywords(const TolkPluralRules *rules, char *out, int32_t capacity, int32_t *status);
/** The CLDR rule text ICU uses ("one: i = 1 and v = 0 @integer 1; …"). */
int32_t tolk_plural_rule_text(const TolkPluralRules *rules, char *out, int32_t capacity, int32_t *status);

/* ---- Collation ---- */

typedef struct TolkCollator TolkCollator;

TolkCollator *tolk_collator_open(const char *locale, int32_t *status);
void tolk_collator_close(TolkCollator *collator);
/** -1, 0 or 1, comparing two UTF-8 strings with the locale's tailoring. */
int32_t tolk_collator_compare(const TolkCollator *collator, const char *a, int32_t aLength, const char *b, int32_t bLength, int32_t *status);

/* ---- Text segmentation ---- */

typedef struct TolkWordBreaker TolkWordBreaker;

TolkWordBreaker *tolk_words_open(const char *locale, int32_t *status);
void tolk_words_close(TolkWordBreaker *breaker);
/** Number of words (segments containing letters, numbers, kana or ideographs) in UTF-8 text. */
int32_t tolk_words_count(TolkWordBreaker *breaker, const char *text, int32_t length, int32_t *status);

/* ---- Numbers ---- */

int32_t tolk_number_format(const char *locale, double number, char *out, int32_t capacity, int32_t *status);

/* ---- MessageFormat ---- */

/** One named argument for tolk_message_format. Text arguments are UTF-8 (`text`, `textLength`). */
typedef struct TolkMessageArgument {
    const char *name;
    int32_t isNumber;
    double number;
    const char *text;
    int32_t textLength;
} TolkMessageArgument;

/**
 * Formats an ICU MessageFormat pattern (UTF-8) with named arguments.
 * On a syntax error, `status` is set and `errorOffset` receives the byte offset of the problem.
 */
int32_t tolk_message_format(const char *locale, const char *pattern, int32_t patternLength,
                            const TolkMessageArgument *arguments, int32_t argumentCount,
                            char *out, int32_t capacity, int32_t *errorOffset, int32_t *status);

/** Checks the syntax of a MessageFormat pattern; on error returns the byte offset (else -1). */
int32_t tolk_message_check(const char *locale, const char *pattern, int32_t patternLength, int32_t *status);

/* ---- Number formatters (opened once, used for many numbers) ---- */

typedef struct TolkNumberFormatter TolkNumberFormatter;

/**
 * A formatter for a locale's decimal (`style == 0`) or percent (`style == 1`) numbers, with the locale's
 * digits, grouping and signs. A percent formatter takes a fraction (0.453 → "45.3%", "45,3 %", "٤٥٫٣٪").
 * Close with tolk_number_formatter_close. Formatting is const and may be shared between threads.
 */
TolkNumberFormatter *tolk_number_formatter_open(const char *locale, int32_t style, int32_t minFractionDigits,
                                                int32_t maxFractionDigits, int32_t *status);
void tolk_number_formatter_close(TolkNumberFormatter *formatter);
int32_t tolk_number_formatter_format(const TolkNumberFormatter *formatter, double number, char *out, int32_t capacity, int32_t *status);

/* ---- Dates ---- */

typedef struct TolkDateFormatter TolkDateFormatter;

/**
 * A formatter for calendar dates in a locale's own style: `style` 0 full ("Tuesday, February 3, 2026"),
 * 1 long ("3 февраля 2026 г."), 2 medium, 3 short; the locale's default calendar and digits. Dates are
 * civil dates with no time of day (formatted in UTC, so no time zone can move them to another day).
 * Close with tolk_date_formatter_close. One formatter serves one thread at a time.
 */
TolkDateFormatter *tolk_date_formatter_open(const char *locale, int32_t style, int32_t *status);
void tolk_date_formatter_close(TolkDateFormatter *formatter);
/** `month` is 1–12. */
int32_t tolk_date_formatter_format(TolkDateFormatter *formatter, int32_t year, int32_t month, int32_t day,
                                   char *out, int32_t capacity, int32_t *status);

/* ---- Lists ---- */

/**
 * Joins `count` UTF-8 items (`items[i]`, `lengths[i]` bytes) as the locale writes an "and" list:
 * "a, b, and c" in English, "a, b и c" in Russian, "a、b、c" in Japanese.
 */
int32_t tolk_list_format(const char *locale, const char *const *items, const int32_t *lengths, int32_t count,
                         char *out, int32_t capacity, int32_t *status);

/* ---- Display width ---- */

/**
 * The number of terminal columns UTF-8 text takes: 2 for East Asian Wide and Fullwidth characters and
 * emoji presented as emoji, 0 for combining marks, format and control characters, default-ignorable code
 * points and Hangul medial vowels and final consonants (they join the syllable before them), 1 otherwise.
 * Malformed UTF-8 counts 1 per bad sequence, as a terminal shows a replacement character.
 */
int32_t tolk_text_display_columns(const char *text, int32_t length);

#ifdef __cplusplus
}
#endif

#endif
