/*
 * tolk's window onto GNU libunistring: the line breaking GNU gettext's PO writer uses.
 *
 * msgcat, msgmerge and every other gettext 0.21 tool wrap PO strings with libunistring's
 * `ulc_width_linebreaks` (write-po.c). Calling the same function is the only way to choose the
 * same line ends for every script, so tolk does. This header includes no libunistring header and
 * exposes only `tolk_`-prefixed functions over plain C types.
 *
 * Break codes, one per byte of the text (libunistring's UC_BREAK_* values):
 */
#ifndef TOLK_UNISTRING_H
#define TOLK_UNISTRING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    /** Overrides only: let the line breaker decide. */
    TOLK_BREAK_UNDEFINED = 0,
    /** No break before this byte. */
    TOLK_BREAK_PROHIBITED = 1,
    /** A line break goes before this byte. */
    TOLK_BREAK_POSSIBLE = 2,
    /** This byte is a line break character. */
    TOLK_BREAK_MANDATORY = 3,
};

/**
 * Chooses line breaks in `text` (`length` bytes in `encoding`) so that no line is wider than
 * `width` columns, the first line starting at `start_column`. `overrides` (may be NULL) forces a
 * code per byte where it is not TOLK_BREAK_UNDEFINED. On return `breaks[i]` is
 * TOLK_BREAK_POSSIBLE where a line must start at byte i. Returns the column after the last byte.
 */
int tolk_width_linebreaks(const char *text, size_t length, int width, int start_column,
                          const char *overrides, const char *encoding, char *breaks);

/** Every place a line may be broken in `text` (UTF-8), as a break code per byte. */
void tolk_possible_linebreaks(const char *text, size_t length, char *breaks);

/** Columns `scalar` takes in `encoding` (libunistring's uc_width): 0, 1 or 2; -1 for control characters. */
int tolk_scalar_width(uint32_t scalar, const char *encoding);

/**
 * 1 if `scalar` is a character that stands on its own for line breaking: not a mark, format or
 * control character, separator, surrogate, private-use or unassigned code point (in
 * libunistring's Unicode version), else 0.
 */
int tolk_scalar_is_standalone(uint32_t scalar);

/** libunistring's version, as major * 256 + minor (0x0100 for 1.0). */
int tolk_unistring_version(void);

#ifdef __cplusplus
}
#endif

#endif
