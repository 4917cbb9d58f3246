//! Names of the treaty's participants in each language, and lists in each language's
//! alphabetical order: CLDR's region names and collation through ICU4X (compiled data, offline),
//! with the United Nations' official short names where they differ from CLDR's everyday ones.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_locale_core::Locale;
use icu_locale_core::subtags::Region;

/// The code of the European Union, a regional economic integration organization (Article 65(1)).
pub const EUROPEAN_UNION: &str = "EU";

/// The UN's short names (as the UN Treaty Collection lists participants) where CLDR's differ:
/// code, English, Arabic.
const UN_NAMES: &[(&str, &str, &str)] = &[
    ("BN", "Brunei Darussalam", "بروني دار السلام"),
    (
        "BO",
        "Bolivia (Plurinational State of)",
        "دولة بوليفيا المتعددة القوميات",
    ),
    (
        "CD",
        "Democratic Republic of the Congo",
        "جمهورية الكونغو الديمقراطية",
    ),
    ("CG", "Congo", "الكونغو"),
    ("CV", "Cabo Verde", "كابو فيردي"),
    ("EU", "European Union", "الاتحاد الأوروبي"),
    (
        "FM",
        "Micronesia (Federated States of)",
        "ميكرونيزيا (ولايات - الموحدة)",
    ),
    (
        "GB",
        "United Kingdom of Great Britain and Northern Ireland",
        "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
    ),
    ("IR", "Iran (Islamic Republic of)", "جمهورية إيران الإسلامية"),
    (
        "KP",
        "Democratic People's Republic of Korea",
        "جمهورية كوريا الشعبية الديمقراطية",
    ),
    ("KR", "Republic of Korea", "جمهورية كوريا"),
    (
        "LA",
        "Lao People's Democratic Republic",
        "جمهورية لاو الديمقراطية الشعبية",
    ),
    ("MD", "Republic of Moldova", "جمهورية مولدوفا"),
    ("PS", "State of Palestine", "دولة فلسطين"),
    ("RU", "Russian Federation", "الاتحاد الروسي"),
    ("SY", "Syrian Arab Republic", "الجمهورية العربية السورية"),
    (
        "TZ",
        "United Republic of Tanzania",
        "جمهورية تنزانيا المتحدة",
    ),
    ("US", "United States of America", "الولايات المتحدة الأمريكية"),
    ("VA", "Holy See", "الكرسي الرسولي"),
    (
        "VE",
        "Venezuela (Bolivarian Republic of)",
        "جمهورية فنزويلا البوليفارية",
    ),
    ("VN", "Viet Nam", "فييت نام"),
];

/// Participant names and name order for one language.
pub struct RegionNames {
    language: String,
    names: RegionDisplayNames,
    collator: CollatorBorrowed<'static>,
}

impl RegionNames {
    /// Names and collation for a BCP 47 locale such as `en-GB` or `ar-MA`.
    pub fn new(locale: &str) -> Result<RegionNames, String> {
        let parsed: Locale = locale
            .parse()
            .map_err(|_| format!("`{locale}` is not a valid locale"))?;
        let names = RegionDisplayNames::try_new((&parsed).into(), DisplayNamesOptions::default())
            .map_err(|error| format!("no region names for `{locale}`: {error}"))?;
        let collator = Collator::try_new((&parsed).into(), CollatorOptions::default())
            .map_err(|error| format!("no collation for `{locale}`: {error}"))?;
        Ok(RegionNames {
            language: parsed.id.language.as_str().to_owned(),
            names,
            collator,
        })
    }

    /// The participant `code`'s name: the UN's short name where it differs from CLDR's, else
    /// CLDR's; `None` for a code that names no country or organization.
    pub fn name(&self, code: &str) -> Option<String> {
        if let Some((_, english, arabic)) = UN_NAMES.iter().find(|(c, _, _)| *c == code) {
            return Some(match self.language.as_str() {
                "ar" => (*arabic).to_owned(),
                _ => (*english).to_owned(),
            });
        }
        let region: Region = code.parse().ok()?;
        // Two letters that are no region come back as the code itself.
        self.names
            .of(region)
            .filter(|name| *name != code)
            .map(str::to_owned)
    }

    /// Compares two names in this language's alphabetical order.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_cldr_or_the_un_in_both_languages() {
        let english = RegionNames::new("en-GB").expect("English data");
        let arabic = RegionNames::new("ar-MA").expect("Arabic data");
        assert_eq!(english.name("MA").as_deref(), Some("Morocco"));
        assert_eq!(arabic.name("MA").as_deref(), Some("المغرب"));
        assert_eq!(
            english.name("IR").as_deref(),
            Some("Iran (Islamic Republic of)")
        );
        assert_eq!(
            arabic.name("KP").as_deref(),
            Some("جمهورية كوريا الشعبية الديمقراطية")
        );
        assert_eq!(english.name("EU").as_deref(), Some("European Union"));
        assert_eq!(english.name("QQ"), None);
        assert_eq!(english.name("not a code"), None);
    }

    #[test]
    fn each_language_sorts_by_its_own_alphabet() {
        let english = RegionNames::new("en-GB").expect("English data");
        let arabic = RegionNames::new("ar-MA").expect("Arabic data");
        // Accents do not lead: Côte d'Ivoire sorts among the C's, before Croatia.
        assert_eq!(english.compare("Côte d’Ivoire", "Croatia"), Ordering::Less);
        assert_eq!(
            english.compare("Zambia", "Åland Islands"),
            Ordering::Greater
        );
        // Arabic: alef before ba, and hamza forms of alef with alef.
        assert_eq!(arabic.compare("المغرب", "بلجيكا"), Ordering::Less);
        assert_eq!(arabic.compare("إيران", "بلجيكا"), Ordering::Less);
        assert_eq!(arabic.compare("أستراليا", "تونس"), Ordering::Less);
    }
}
