//! Every participant must have a name in every language of the site: CLDR's, or the UN's from
//! the override table. A code CLDR knows in English but not in another language would show as
//! its bare code there.

use crate::error::Diagnostic;
use crate::site::Site;

/// An error, at the participant's line, for each language that has no name for it.
pub fn check_content(site: &Site) -> Vec<Diagnostic> {
    let Some(participants) = &site.content.participants else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for participant in &participants.list {
        for language in &site.config.languages {
            let named = site
                .localisation
                .region_names(&language.code)
                .is_some_and(|names| names.name(&participant.code).is_some());
            if !named {
                errors.push(
                    Diagnostic::in_file(
                        &participants.path,
                        format!(
                            "`{}` has no name in {} ({}): add it to the UN names table in src/localisation/regions.rs",
                            participant.code, language.name, language.code
                        ),
                    )
                    .at(participant.line, None),
                );
            }
        }
    }
    errors
}
