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
# One line at a glance: deposits made, of the threshold, and how many are still to come.
status-progress = { $deposited } of the { $threshold } deposits needed for entry into force; { $remaining ->
    [0] the threshold is reached
   *[other] { $remaining } to go
}
# The progress bar's value, read out by screen readers.
status-progress-value = { $deposited } of { $threshold }
# The treaty's count on each article's social card (an image: plain text, no markup).
card-deposits = { $deposited } of { $threshold } deposits
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

## Treaty tracker: the states pages
nav-states = States
status-states-link = Every signatory, on a map and in a table
states-heading = Signatures and ratifications
states-intro = Every participant in the convention: when it signed and when it deposited its instrument, each date from its source. A deposit counts only once the UN Treaty Collection or a depositary notification shows it.
states-map-title = World map of the participants: instrument deposited, signed, or neither
states-map-note = Small states are shown as dots. The European Union is not on the map; it is in the table.
states-legend-deposited = Instrument deposited
states-legend-signed = Signed
states-legend-none = Neither
states-table-heading = { $count ->
    [one] One participant
   *[other] { $count } participants
}
states-table-caption = Participants in alphabetical order, as checked on { $date }
states-col-name = Participant
states-col-signature = Signature
states-col-instrument = Instrument
states-col-deposited = Deposited
states-col-counts = Counts toward the { $threshold }
states-counts-yes = Yes
states-counts-regional = No: Article 65(1), regional organization
states-signature-uncertain = at the Hanoi ceremony; the sources do not give the day
states-filter-label = Find a participant
states-show-label = Show
states-show-all = All
states-shown = { $shown } of { $total } shown
states-sort-label = Sort by this column
states-data-heading = Open data
states-data-intro = The same data for your own work, at stable addresses, in JSON (with its schema), CSV and JSON for the timeline; names in both languages, dates in ISO form, each file with the day the list was checked.
states-feed-link = Signatures and deposits as a feed (Atom)
states-feed-title = Signatures and deposits
states-feed-signature = { $state } signs the convention
states-feed-deposit = { $state } deposits its instrument of { $instrument ->
    [ratification] ratification
    [acceptance] acceptance
    [approval] approval
   *[accession] accession
}
states-checked = Checked on { $date }
instrument-ratification = Ratification
instrument-acceptance = Acceptance
instrument-approval = Approval
instrument-accession = Accession
state-back = All participants
state-source = Source
state-not-signed = Not signed
state-no-instrument = No instrument deposited as of { $date }.
state-counts = It counts toward the instruments needed for entry into force.
state-not-counted = Under Article 65(1), the instrument of a regional economic integration organization is not counted in addition to those of its member states.
state-declarations = Declarations and reservations
state-note = Note
state-news = In the news and on the timeline
state-no-news = No article or timeline event names this participant yet.

## Search
nav-search = Search
search-heading = Search
search-intro = Search the articles, the timeline and the states pages.
search-label = Search for
search-placeholder = Minister, ratification, Hanoi…
search-button = Search
search-filters = Show only
search-kind-article = Articles
search-kind-event = Timeline events
search-kind-state = States pages
search-kind-label-article = Article
search-kind-label-event = Timeline event
search-kind-label-state = State page
search-tag = Tag
search-tag-any = Any tag
search-needs-js = Search needs JavaScript, which is off in this browser.
search-browse-articles = Browse every article
search-browse-timeline = the timeline
search-loading = Searching…
search-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
search-no-results = Nothing matches “{ $query }”.
search-from-disk = Search cannot run from a page opened from disk: browsers block the index files it loads. Run the site through a server, for example `accord serve`.
search-from-disk-link = How to run the preview
search-failed = The search index could not be loaded.

## Newsroom: bylines, corrections, tags and archives
article-byline = By { $authors }
article-updated = Updated
article-corrections = { $count ->
    [one] Correction
   *[other] Corrections
}
tags-heading = Tags
archives-heading = Archive
home-archive-link = All { $count } articles, month by month
