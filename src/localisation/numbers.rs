//! Numbers inside Fluent messages, formatted by ICU4X in the bundle's locale ("1,000", "1.000").
//!
//! Fluent's own number formatting ignores the locale; plugging ICU4X in as the bundle's formatter
//! gives each edition its own grouping while Fluent still picks plural forms from the raw number.

use fluent_bundle::FluentValue;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;
use intl_memoizer::Memoizable;
use intl_memoizer::concurrent::IntlLangMemoizer;
use unic_langid::LanguageIdentifier;

/// An ICU4X decimal formatter, cached per bundle by Fluent's memoizer.
pub struct LocaleDecimalFormatter(DecimalFormatter);

impl Memoizable for LocaleDecimalFormatter {
    type Args = ();
    type Error = String;

    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, String> {
        let locale: Locale = lang
            .to_string()
            .parse()
            .map_err(|_| format!("`{lang}` is not a valid locale"))?;
        DecimalFormatter::try_new(locale.into(), Default::default())
            .map(LocaleDecimalFormatter)
            .map_err(|error| format!("no number formats for `{lang}`: {error}"))
    }
}

/// The bundle formatter: whole numbers without explicit Fluent options go through ICU4X;
/// anything else keeps Fluent's own formatting.
pub fn format_number(value: &FluentValue<'_>, memoizer: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let whole = number.value.fract() == 0.0 && number.value.abs() < 9.0e15;
    if !whole || number.options != Default::default() {
        return None;
    }
    let decimal = Decimal::from(number.value as i64);
    memoizer
        .with_try_get::<LocaleDecimalFormatter, _, _>((), |formatter| {
            formatter.0.format(&decimal).to_string()
        })
        .ok()
}
