#include "tolk_unistring.h"

#include <unilbrk.h>
#include <unictype.h>
#include <unistring/version.h>
#include <uniwidth.h>

_Static_assert(TOLK_BREAK_UNDEFINED == UC_BREAK_UNDEFINED, "break codes follow libunistring");
_Static_assert(TOLK_BREAK_PROHIBITED == UC_BREAK_PROHIBITED, "break codes follow libunistring");
_Static_assert(TOLK_BREAK_POSSIBLE == UC_BREAK_POSSIBLE, "break codes follow libunistring");
_Static_assert(TOLK_BREAK_MANDATORY == UC_BREAK_MANDATORY, "break codes follow libunistring");

int tolk_width_linebreaks(const char *text, size_t length, int width, int start_column,
                          const char *overrides, const char *encoding, char *breaks) {
    /* The function gettext's wrap() calls, with the same arguments (at_end_columns is 0 there).
       For UTF-8 it is u8_width_linebreaks; for other encodings it converts first, as msgcat does. */
    return ulc_width_linebreaks(text, length, width, start_column, 0, overrides, encoding, breaks);
}

void tolk_possible_linebreaks(const char *text, size_t length, char *breaks) {
    u8_possible_linebreaks((const uint8_t *)text, length, "UTF-8", breaks);
}

int tolk_scalar_width(uint32_t scalar, const char *encoding) {
    return uc_width(scalar, encoding);
}

int tolk_scalar_is_standalone(uint32_t scalar) {
    uc_general_category_t excluded = uc_general_category_or(UC_CATEGORY_M, UC_CATEGORY_Z);
    excluded = uc_general_category_or(excluded, UC_CATEGORY_Cc);
    excluded = uc_general_category_or(excluded, UC_CATEGORY_Cf);
    excluded = uc_general_category_or(excluded, UC_CATEGORY_Cs);
    excluded = uc_general_category_or(excluded, UC_CATEGORY_Co);
    excluded = uc_general_category_or(excluded, UC_CATEGORY_Cn);
    return !uc_is_general_category(scalar, excluded);
}

int tolk_unistring_version(void) {
    return _libunistring_version;
}
