// The only translation unit in tolk that includes ICU headers. See include/tolk_icu.h.
#include "tolk_icu.h"

#include <unicode/brkiter.h>
#include <unicode/calendar.h>
#include <unicode/coll.h>
#include <unicode/datefmt.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>
#include <unicode/listformatter.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/numfmt.h>
#include <unicode/plurrule.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace icu;

namespace {

bool failed(int32_t *status) { return status != nullptr && U_FAILURE(static_cast<UErrorCode>(*status)); }

/// Copies a UTF-8 string into the caller's buffer; returns the length it needs.
int32_t deliver(const std::string &value, char *out, int32_t capacity) {
    auto length = static_cast<int32_t>(value.size());
    if (out != nullptr && capacity >= length) {
        std::memcpy(out, value.data(), value.size());
    }
    return length;
}

int32_t deliver(const UnicodeString &value, char *out, int32_t capacity) {
    std::string utf8;
    value.toUTF8String(utf8);
    return deliver(utf8, out, capacity);
}

/// Runs `body`, turning a C++ exception (`std::bad_alloc` from a string or vector, anything ICU's C++
/// API lets through) into an ICU error status and `fallback`: no exception may cross the `extern "C"`
/// boundary into Swift, which cannot unwind C++ frames.
template <typename Result, typename Body>
Result guarded(int32_t *status, Result fallback, Body body) noexcept {
    try {
        return body();
    } catch (...) {
        if (status != nullptr) *status = U_INTERNAL_PROGRAM_ERROR;
        return fallback;
    }
}

UnicodeString fromUTF8(const char *text, int32_t length) {
    return UnicodeString::fromUTF8(StringPiece(text, length));
}

/// Byte offset in UTF-8 of a UTF-16 offset into `text`.
int32_t utf8Offset(const UnicodeString &text, int32_t utf16Offset) {
    if (utf16Offset <= 0) return 0;
    if (utf16Offset > text.length()) utf16Offset = text.length();
    std::string prefix;
    text.tempSubString(0, utf16Offset).toUTF8String(prefix);
    return static_cast<int32_t>(prefix.size());
}

}  // namespace

struct TolkPluralRules { std::unique_ptr<PluralRules> rules; };
struct TolkCollator { std::unique_ptr<Collator> collator; };
struct TolkWordBreaker { std::unique_ptr<BreakIterator> iterator; };

extern "C" {

const char *tolk_status_name(int32_t status) { return u_errorName(static_cast<UErrorCode>(status)); }

const char *tolk_icu_version(void) { return U_ICU_VERSION; }

int32_t tolk_locale_count(void) { return uloc_countAvailable(); }

const char *tolk_locale_at(int32_t index) { return uloc_getAvailable(index); }

int32_t tolk_locale_to_language_tag(const char *locale, char *out, int32_t capacity, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        char buffer[ULOC_FULLNAME_CAPACITY + 1];
        int32_t length = uloc_toLanguageTag(locale, buffer, ULOC_FULLNAME_CAPACITY, false, &error);
        *status = error;
        if (U_FAILURE(error)) return 0;
        return deliver(std::string(buffer, length), out, capacity);
    });
}

int32_t tolk_locale_display_name(const char *locale, const char *displayLocale, char *out, int32_t capacity, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UnicodeString name;
        Locale(locale).getDisplayName(Locale(displayLocale), name);
        *status = U_ZERO_ERROR;
        return deliver(name, out, capacity);
    });
}

int32_t tolk_locale_is_right_to_left(const char *locale, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        ULayoutType orientation = uloc_getCharacterOrientation(locale, &error);
        *status = error;
        return orientation == ULOC_LAYOUT_RTL ? 1 : 0;
    });
}

// ---- Plural rules ----

TolkPluralRules *tolk_plural_open(const char *locale, int32_t ordinal, int32_t *status) {
    return guarded<TolkPluralRules *>(status, nullptr, [&]() -> TolkPluralRules * {
        UErrorCode error = U_ZERO_ERROR;
        std::unique_ptr<PluralRules> rules(
            PluralRules::forLocale(Locale(locale), ordinal ? UPLURAL_TYPE_ORDINAL : UPLURAL_TYPE_CARDINAL, error));
        *status = error;
        if (U_FAILURE(error) || !rules) return nullptr;
        return new TolkPluralRules{std::move(rules)};
    });
}

void tolk_plural_close(TolkPluralRules *rules) { delete rules; }

int32_t tolk_plural_select(const TolkPluralRules *rules, double number, char *out, int32_t capacity, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        *status = U_ZERO_ERROR;
        return deliver(rules->rules->select(number), out, capacity);
    });
}

int32_t tolk_plural_keywords(const TolkPluralRules *rules, char *out, int32_t capacity, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        std::unique_ptr<StringEnumeration> keywords(rules->rules->getKeywords(error));
        std::string joined;
        while (U_SUCCESS(error) && keywords) {
            int32_t length = 0;
            const char *keyword = keywords->next(&length, error);
            if (keyword == nullptr) break;
            if (!joined.empty()) joined += ' ';
            joined.append(keyword, length);
        }
        *status = error;
        return deliver(joined, out, capacity);
    });
}

int32_t tolk_plural_rule_text(const TolkPluralRules *rules, char *out, int32_t capacity, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        *status = U_ZERO_ERROR;
        return deliver(rules->rules->getRules(), out, capacity);
    });
}

// ---- Collation ----

TolkCollator *tolk_collator_open(const char *locale, int32_t *status) {
    return guarded<TolkCollator *>(status, nullptr, [&]() -> TolkCollator * {
        UErrorCode error = U_ZERO_ERROR;
        std::unique_ptr<Collator> collator(Collator::createInstance(Locale(locale), error));
        *status = error;
        if (U_FAILURE(error) || !collator) return nullptr;
        return new TolkCollator{std::move(collator)};
    });
}

void tolk_collator_close(TolkCollator *collator) { delete collator; }

int32_t tolk_collator_compare(const TolkCollator *collator, const char *a, int32_t aLength, const char *b, int32_t bLength, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        UCollationResult result = collator->collator->compareUTF8(StringPiece(a, aLength), StringPiece(b, bLength), error);
        *status = error;
        return result == UCOL_LESS ? -1 : (result == UCOL_GREATER ? 1 : 0);
    });
}

// ---- Segmentation ----

TolkWordBreaker *tolk_words_open(const char *locale, int32_t *status) {
    return guarded<TolkWordBreaker *>(status, nullptr, [&]() -> TolkWordBreaker * {
        UErrorCode error = U_ZERO_ERROR;
        std::unique_ptr<BreakIterator> iterator(BreakIterator::createWordInstance(Locale(locale), error));
        *status = error;
        if (U_FAILURE(error) || !iterator) return nullptr;
        return new TolkWordBreaker{std::move(iterator)};
    });
}

void tolk_words_close(TolkWordBreaker *breaker) { delete breaker; }

int32_t tolk_words_count(TolkWordBreaker *breaker, const char *text, int32_t length, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        UText *utext = utext_openUTF8(nullptr, text, length, &error);
        if (U_FAILURE(error)) { *status = error; return 0; }
        breaker->iterator->setText(utext, error);
        int32_t words = 0;
        if (U_SUCCESS(error)) {
            for (int32_t end = breaker->iterator->next(); end != BreakIterator::DONE; end = breaker->iterator->next()) {
                if (breaker->iterator->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) words += 1;
            }
        }
        utext_close(utext);
        *status = error;
        return words;
    });
}

// ---- Numbers ----

int32_t tolk_number_format(const char *locale, double number, char *out, int32_t capacity, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        std::unique_ptr<NumberFormat> format(NumberFormat::createInstance(Locale(locale), error));
        *status = error;
        if (U_FAILURE(error) || !format) return 0;
        UnicodeString result;
        format->format(number, result);
        return deliver(result, out, capacity);
    });
}

// ---- MessageFormat ----

int32_t tolk_message_format(const char *locale, const char *pattern, int32_t patternLength,
                            const TolkMessageArgument *arguments, int32_t argumentCount,
                            char *out, int32_t capacity, int32_t *errorOffset, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        UParseError parseError;
        UnicodeString source = fromUTF8(pattern, patternLength);
        MessageFormat format(source, Locale(locale), parseError, error);
        *errorOffset = -1;
        if (U_FAILURE(error)) {
            *errorOffset = utf8Offset(source, parseError.offset);
            *status = error;
            return 0;
        }
        std::vector<UnicodeString> names;
        std::vector<Formattable> values;
        names.reserve(argumentCount);
        values.reserve(argumentCount);
        for (int32_t index = 0; index < argumentCount; index++) {
            const TolkMessageArgument &argument = arguments[index];
            names.emplace_back(UnicodeString::fromUTF8(argument.name));
            if (argument.isNumber) {
                values.emplace_back(argument.number);
            } else {
                values.emplace_back(fromUTF8(argument.text, argument.textLength));
            }
        }
        UnicodeString result;
        format.format(names.data(), values.data(), argumentCount, result, error);
        *status = error;
        if (U_FAILURE(error)) return 0;
        return deliver(result, out, capacity);
    });
}

int32_t tolk_message_check(const char *locale, const char *pattern, int32_t patternLength, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        UParseError parseError;
        UnicodeString source = fromUTF8(pattern, patternLength);
        MessageFormat format(source, Locale(locale), parseError, error);
        *status = error;
        return U_FAILURE(error) ? utf8Offset(source, parseError.offset) : -1;
    });
}


}  // extern "C"

struct TolkNumberFormatter { std::unique_ptr<NumberFormat> format; };

extern "C" {

// ---- Number formatters ----

TolkNumberFormatter *tolk_number_formatter_open(const char *locale, int32_t style, int32_t minFractionDigits,
                                                int32_t maxFractionDigits, int32_t *status) {
    return guarded<TolkNumberFormatter *>(status, nullptr, [&]() -> TolkNumberFormatter * {
        UErrorCode error = U_ZERO_ERROR;
        std::unique_ptr<NumberFormat> format(style == 1 ? NumberFormat::createPercentInstance(Locale(locale), error)
                                                        : NumberFormat::createInstance(Locale(locale), error));
        *status = error;
        if (U_FAILURE(error) || !format) return nullptr;
        format->setMinimumFractionDigits(minFractionDigits);
        format->setMaximumFractionDigits(maxFractionDigits);
        return new TolkNumberFormatter{std::move(format)};
    });
}

void tolk_number_formatter_close(TolkNumberFormatter *formatter) { delete formatter; }

int32_t tolk_number_formatter_format(const TolkNumberFormatter *formatter, double number, char *out, int32_t capacity, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UnicodeString result;
        formatter->format->format(number, result);
        *status = U_ZERO_ERROR;
        return deliver(result, out, capacity);
    });
}

// ---- Dates ----

struct TolkDateFormatter {
    std::unique_ptr<DateFormat> format;
    std::unique_ptr<Calendar> calendar;   // proleptic Gregorian in UTC, to turn y-m-d into an instant
};

TolkDateFormatter *tolk_date_formatter_open(const char *locale, int32_t style, int32_t *status) {
    return guarded<TolkDateFormatter *>(status, nullptr, [&]() -> TolkDateFormatter * {
        static const DateFormat::EStyle styles[] = {DateFormat::kFull, DateFormat::kLong, DateFormat::kMedium, DateFormat::kShort};
        if (style < 0 || style > 3) { *status = U_ILLEGAL_ARGUMENT_ERROR; return nullptr; }
        UErrorCode error = U_ZERO_ERROR;
        std::unique_ptr<DateFormat> format(DateFormat::createDateInstance(styles[style], Locale(locale)));
        if (!format) { *status = U_UNSUPPORTED_ERROR; return nullptr; }
        format->setTimeZone(*TimeZone::getGMT());
        std::unique_ptr<Calendar> calendar(new GregorianCalendar(*TimeZone::getGMT(), Locale::getRoot(), error));
        *status = error;
        if (U_FAILURE(error)) return nullptr;
        return new TolkDateFormatter{std::move(format), std::move(calendar)};
    });
}

void tolk_date_formatter_close(TolkDateFormatter *formatter) { delete formatter; }

int32_t tolk_date_formatter_format(TolkDateFormatter *formatter, int32_t year, int32_t month, int32_t day,
                                   char *out, int32_t capacity, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        formatter->calendar->clear();
        formatter->calendar->set(year, month - 1, day, 12, 0, 0);
        UDate instant = formatter->calendar->getTime(error);
        *status = error;
        if (U_FAILURE(error)) return 0;
        UnicodeString result;
        formatter->format->format(instant, result);
        return deliver(result, out, capacity);
    });
}

// ---- Lists ----

int32_t tolk_list_format(const char *locale, const char *const *items, const int32_t *lengths, int32_t count,
                         char *out, int32_t capacity, int32_t *status) {
    return guarded<int32_t>(status, 0, [&]() -> int32_t {
        UErrorCode error = U_ZERO_ERROR;
        std::unique_ptr<ListFormatter> formatter(ListFormatter::createInstance(Locale(locale), ULISTFMT_TYPE_AND, ULISTFMT_WIDTH_WIDE, error));
        *status = error;
        if (U_FAILURE(error) || !formatter) { if (!U_FAILURE(error)) *status = U_UNSUPPORTED_ERROR; return 0; }
        std::vector<UnicodeString> strings;
        strings.reserve(count);
        for (int32_t index = 0; index < count; ++index) {
            strings.push_back(UnicodeString::fromUTF8(StringPiece(items[index], lengths[index])));
        }
        UnicodeString result;
        formatter->format(strings.data(), count, result, error);
        *status = error;
        if (U_FAILURE(error)) return 0;
        return deliver(result, out, capacity);
    });
}

// ---- Display width ----

int32_t tolk_text_display_columns(const char *text, int32_t length) {
    return guarded<int32_t>(nullptr, 0, [&]() -> int32_t {
        int32_t columns = 0;
        int32_t offset = 0;
        while (offset < length) {
            UChar32 c;
            U8_NEXT(reinterpret_cast<const uint8_t *>(text), offset, length, c);
            if (c < 0) { columns += 1; continue; }
            int8_t type = u_charType(c);
            if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR || type == U_CONTROL_CHAR
                || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
                continue;
            }
            int32_t syllable = u_getIntPropertyValue(c, UCHAR_HANGUL_SYLLABLE_TYPE);
            if (syllable == U_HST_VOWEL_JAMO || syllable == U_HST_TRAILING_JAMO) continue;
            int32_t width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
            if (width == U_EA_WIDE || width == U_EA_FULLWIDTH || u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION)) {
                columns += 2;
            } else {
                columns += 1;
            }
        }
        return columns;
    });
}

}  // extern "C"
