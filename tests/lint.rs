//! The scraped-text lint: one-line furniture in English and Arabic is caught, real reporting
//! that mentions the weather, Facebook, newsletters, advertising or copyright is not, and the
//! repeated-paragraph check stays linear.

use std::path::Path;
use std::time::{Duration, Instant};

use accord::check::scraped::check_text;

/// Real news sentences (as this digest's sources write them) that must check clean.
const REPORTING_EN: &[&str] = &[
    "The minister said heavy rain had delayed the delegation's flight to Hanoi.",
    "Meta, which owns Facebook, said it would review the convention's surveillance provisions.",
    "Temperatures of 38 °C in Riyadh forced organisers to move the signing reception indoors.",
    "Rights groups shared the draft text on Facebook and X hours before the vote in New York.",
    "The UNODC newsletter reported on Monday that 72 states had signed the convention in Hanoi.",
    "Advertising firms warned that the treaty's data-sharing rules could reach customer databases.",
    "Copyright infringement is excluded from the offences the convention requires states to criminalise.",
    "\"Follow the money,\" the delegate told reporters, urging investigators to trace ransom payments.",
    "A spokesperson said the ministry would share its assessment with parliament on Tuesday.",
    "Snow closed the road to the airport, and two delegations missed the opening session in Vienna.",
    "The committee met on Friday at 18:00 after a day of closed consultations on Article 17.",
    "Subscribers to the agency's newsletter were told the ratification bill would go to a vote in March.",
    "The company said it had removed advertisements that impersonated the Ministry of Justice.",
    "Press freedom groups say the treaty could be used against journalists who share leaked documents on social media.",
    "Azerbaijan's parliament approved the ratification law on a cloudy Tuesday morning in Baku.",
    "Under the convention, states must be able to preserve data held by platforms such as Facebook and WhatsApp.",
    "Lawyers noted that the words \"all rights reserved\" on the leaked draft did not make it confidential.",
    "A cold front brought light rain to Hanoi as the signing ceremony opened at the National Convention Center.",
    "The ministry's advertisement for cybercrime investigators drew more than 400 applications.",
    "X, formerly Twitter, did not respond to a request for comment on the convention.",
    "Delegates said the Tuesday session ran until 02:30 before the chair gavelled the text through.",
    "Share prices of Vietnamese telecom operators rose after the ceremony.",
    "Tags on the seized servers linked them to a ransomware group, prosecutors said.",
    "Copyright holders lobbied to keep intellectual property offences out of the final text.",
    "\"Follow us on this path to ratification,\" the minister urged fellow African Union members.",
    "Sunny skies greeted the 65 delegations that signed on the first day.",
    "The newsletter of the Council of Europe called the Budapest Convention the older and narrower instrument.",
];

/// The same kinds of sentences in Arabic.
const REPORTING_AR: &[&str] = &[
    "وقال الوزير إن الأمطار الغزيرة أخّرت رحلة الوفد إلى هانوي.",
    "وقالت شركة ميتا، المالكة لفيسبوك، إنها ستراجع أحكام الاتفاقية المتعلقة بالمراقبة.",
    "وبلغت درجة الحرارة 38 درجة مئوية في الرياض، ما دفع المنظمين إلى نقل حفل الاستقبال إلى الداخل.",
    "ونشرت منظمات حقوقية مسودة النص على فيسبوك قبل ساعات من التصويت في نيويورك.",
    "وأفادت النشرة الإخبارية لمكتب الأمم المتحدة المعني بالمخدرات والجريمة بأن 72 دولة وقّعت الاتفاقية.",
    "وحذّرت شركات الإعلان من أن قواعد تبادل البيانات قد تطال قواعد بيانات العملاء.",
    "ولا تشمل الجرائم التي تُلزم الاتفاقية الدول بتجريمها انتهاكات حقوق النشر.",
    "وشارك المغرب في حفل التوقيع بوفد يرأسه الوزير المنتدب المكلف بالانتقال الرقمي.",
    "شارك على مستوى الوزراء أكثر من ستين وفدا في المؤتمر.",
    "وتابعنا على مدى أسبوعين جلسات التفاوض في فيينا.",
    "وأعلنت الوزارة عن إعلان توظيف لمحققين في الجرائم الإلكترونية.",
    "وقال المتحدث إن جميع الحقوق محفوظة للدول الأطراف بموجب المادة 66 من الاتفاقية.",
    "وتساقطت الثلوج على الطريق المؤدي إلى المطار، فتأخر وفدان عن الجلسة الافتتاحية.",
    "وانعقدت اللجنة يوم الجمعة على الساعة 18:00 بعد يوم من المشاورات المغلقة.",
    "وصادق البرلمان الأذربيجاني على قانون التصديق صباح يوم ثلاثاء غائم في باكو.",
    "وتقول منظمات حرية الصحافة إن الاتفاقية قد تُستخدم ضد الصحفيين الذين ينشرون وثائق مسربة على مواقع التواصل الاجتماعي.",
    "ويتعين على الدول بموجب الاتفاقية أن تتمكن من حفظ البيانات التي تحتفظ بها منصات مثل فيسبوك وواتساب.",
    "ولم ترد منصة إكس، تويتر سابقا، على طلب للتعليق على الاتفاقية.",
    "وأوضح التقرير أن المشتركين في النشرة البريدية للوكالة تلقوا جدول التصويت.",
    "وقال خبراء إن قانون حقوق المؤلف المغربي لا يتعارض مع أحكام الاتفاقية.",
    "وأزالت الشركة إعلانات احتيالية انتحلت صفة وزارة العدل.",
    "وهطلت أمطار خفيفة على هانوي مع افتتاح حفل التوقيع في المركز الوطني للمؤتمرات.",
    "وسجلت درجات الحرارة 45 درجة في الكويت يوم الأحد، وفق الأرصاد الجوية.",
    "ودعت الحملة المواطنين إلى الاشتراك في النشرة البريدية للبرلمان لمتابعة مسار التصديق.",
    "الوسوم المتداولة على المنصات لا تعكس موقف المغرب، بحسب الناطق باسم الحكومة.",
    "وقالت الشركة المالكة لتيك توك إنها ستتعاون مع السلطات في حدود القانون.",
];

/// Page furniture scrapers bring along, one line each: every one must be flagged.
const FURNITURE: &[&str] = &[
    "13.25 °C",
    "Rabat 18°C",
    "light rain",
    "Mon 18:00",
    "Mostly cloudy",
    "Share on Facebook",
    "Share on X",
    "Share this article",
    "Follow us on X",
    "Follow us on Facebook and Instagram for the latest updates on the convention",
    "Follow us:",
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "© 2025 Assahifa English. All rights reserved.",
    "All rights reserved.",
    "Copyright 2025 Hespress",
    "Tags: Morocco, cybercrime, UN",
    "**Tags:** Morocco",
    "Subscribe to our newsletter",
    "Sign up for our newsletter to get the latest news from Rabat",
    "الرباط 18° غائم جزئيا",
    "الأحد 18:00",
    "ممطر",
    "شارك على فيسبوك",
    "شارك عبر واتساب",
    "تابعونا على",
    "تابعونا على فيسبوك وتويتر",
    "إعلان",
    "جميع الحقوق محفوظة",
    "© 2025 هسبريس. جميع الحقوق محفوظة",
    "جميع الحقوق محفوظة لموقع الصحيفة 2025، ولا يجوز النسخ دون إذن مكتوب من إدارة التحرير",
    "الوسوم: المغرب، الجرائم الإلكترونية",
    "الكلمات المفتاحية: الأمم المتحدة",
    "اشترك في النشرة البريدية",
    "اشترك في نشرتنا البريدية ليصلك كل جديد",
];

fn warnings(body: &str) -> Vec<String> {
    check_text(Path::new("a.md"), body, 1)
        .into_iter()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn real_reporting_checks_clean_in_both_languages() {
    assert!(REPORTING_EN.len() >= 20 && REPORTING_AR.len() >= 20);
    for sentence in REPORTING_EN.iter().chain(REPORTING_AR) {
        let found = warnings(sentence);
        assert!(found.is_empty(), "{sentence}: {found:?}");
    }
    // Together, as one article: no paragraph is repeated, nothing is furniture.
    let article = REPORTING_EN
        .iter()
        .chain(REPORTING_AR)
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n");
    assert_eq!(warnings(&article), Vec::<String>::new());
}

#[test]
fn one_line_furniture_is_flagged_in_both_languages() {
    for line in FURNITURE {
        let body = format!("The delegation arrived in Hanoi on Friday.\n\n{line}\n\nIt signed.\n");
        let found = warnings(&body);
        assert_eq!(found.len(), 1, "{line}: {found:?}");
        assert!(
            found[0].contains("a.md:3:") && found[0].ends_with("[scraped-furniture]"),
            "{line}: {found:?}"
        );
    }
}

#[test]
fn a_weather_widget_is_one_warning_not_one_per_line() {
    let found = warnings("Text.\n\nMon 18:00\nlight rain\n13.25\n°\nC\nTue\n16.01\nmostlycloudy\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("lines 3–10 look like a weather widget"));
}

/// Counts by wall time, with a bound generous enough for a loaded machine and a debug build: a
/// linear check takes a few tens of milliseconds here in release, the quadratic one took 7.4 s.
#[test]
fn a_hundred_thousand_paragraphs_check_in_linear_time() {
    let repeated = "The minister spoke of a historic moment for international cooperation.\n\n"
        .repeat(100_000);
    let distinct: String = (0..100_000)
        .map(|n| format!("Paragraph number {n} of a very long article about the convention.\n\n"))
        .collect();
    let started = Instant::now();
    let found = warnings(&repeated);
    assert_eq!(
        found.len(),
        1,
        "one run of repeats: {:?}",
        &found[..found.len().min(3)]
    );
    assert!(
        found[0].contains("99999 paragraphs (lines 3–199999) repeat earlier ones, from line 1")
    );
    assert!(warnings(&distinct).is_empty());
    let elapsed = started.elapsed();
    // A bound for the algorithm, not the machine: a check that compared paragraphs pairwise
    // would take minutes here, a linear one takes well under a second; the margin keeps a
    // shared, loaded CI machine (this test once took 2.2 s there) from failing it.
    let bound = if cfg!(debug_assertions) {
        Duration::from_secs(60)
    } else {
        Duration::from_secs(20)
    };
    assert!(elapsed < bound, "200,000 paragraphs took {elapsed:?}");
}
