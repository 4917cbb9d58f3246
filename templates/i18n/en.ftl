# Interface strings for the English edition. Every key here must also exist in ar.ftl.

## Navigation and layout
skip-to-content = Skip to content
nav-label = Main
nav-home = News
nav-timeline = Timeline
language-switcher-label = Read this page in
feed-link = Atom feed
footer-about = An independent digest following one treaty, from proposal to entry into force. Facts are sourced; corrections are marked.
footer-languages = Editions

## Home page
home-heading = Latest news
articles-count = { $count ->
    [0] No articles yet
    [one] One article
   *[other] { $count } articles
}

## Article page
article-published = Published
article-source = Source
article-source-credit = First published by { $name }.
article-translation = Also in
article-no-translation = This article is only available in English.
# In the language switcher, after the name of a language whose edition is being translated.
translation-coming = translation coming
article-event = On the timeline
article-tags = Tags
article-back = Back to the news

## Treaty status
status-heading = Treaty status
status-signatories = { $count ->
    [0] No signatories
    [one] One signatory
   *[other] { $count } signatories
}
status-as-of = as of { $date }
status-deposited = { $count ->
    [0] No instruments of ratification deposited yet
    [one] One instrument deposited
   *[other] { $count } instruments deposited
}
status-progress = { $deposited } of { $threshold } instruments needed for entry into force
status-still-needed = { $count ->
    [0] The threshold is reached
    [one] One more instrument is needed
   *[other] { $count } more instruments are needed
}
status-rule = The convention enters into force on the { NUMBER($days, type: "ordinal") ->
    [one] { $days }st
    [two] { $days }nd
    [few] { $days }rd
   *[other] { $days }th
} day after the deposit of the { NUMBER($threshold, type: "ordinal") ->
    [one] { $threshold }st
    [two] { $threshold }nd
    [few] { $threshold }rd
   *[other] { $threshold }th
} instrument of ratification, acceptance, approval or accession (Article 65(1)).
status-entry-into-force = Enters into force on { $date }
status-signature-closes = Signature closes on { $date }
status-ratifications-heading = Deposited instruments
status-source = Source
status-timeline-link = Follow every step on the timeline

## Timeline
timeline-heading = Timeline of the convention
timeline-intro = From Russia's 2017 proposal to entry into force: every step, dated as precisely as the sources allow, with its sources.
timeline-sources = Sources
timeline-coverage = Our coverage
timeline-current = Latest step
timeline-upcoming = Upcoming
timeline-next-heading = What comes next
kind-proposal = Proposal
kind-resolution = Resolution
kind-negotiation = Negotiation
kind-adoption = Adoption
kind-signature = Signature
kind-ratification = Ratification
kind-entry-into-force = Entry into force
entry-into-force-title = The convention enters into force
entry-into-force-body = The { NUMBER($threshold, type: "ordinal") ->
    [one] { $threshold }st
    [two] { $threshold }nd
    [few] { $threshold }rd
   *[other] { $threshold }th
} instrument was deposited on { $deposit_date }; under Article 65(1) the convention enters into force on the { NUMBER($days, type: "ordinal") ->
    [one] { $days }st
    [two] { $days }nd
    [few] { $days }rd
   *[other] { $days }th
} day after that deposit.

## Error and root pages
# The root page, in every language: what it offers, and the link to each edition.
root-intro = This digest is published in English and in Arabic. Choose your edition:
root-edition-link = Read the English edition
not-found-title = Page not found
not-found-text = The page you asked for does not exist. It may have moved, or the address may be mistyped.
not-found-home = Go to the English edition
root-title = Choose your edition
root-redirect = Taking you to the English edition…
