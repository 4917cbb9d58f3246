//! A correction made in one language and not in the other leaves one edition wrong: `check`
//! warns about each article whose translation has fewer corrections.

use crate::error::Diagnostic;
use crate::site::Site;

/// A warning for each article whose translation in another language has more corrections.
pub fn check_content(site: &Site) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for article in &site.content.articles {
        for other in &site.config.languages {
            let Some(translation) = site.article(&other.code, &article.stem) else {
                continue;
            };
            if translation.corrections.len() > article.corrections.len() {
                warnings.push(Diagnostic::warning(
                    &article.path,
                    format!(
                        "the {} edition has {} correction(s) and this one {}: correct this edition too, with its own [[corrections]] entry",
                        other.name,
                        translation.corrections.len(),
                        article.corrections.len()
                    ),
                ));
            }
        }
    }
    warnings
}
