# نصوص الواجهة للنسخة العربية. يجب أن يوجد كل مفتاح هنا في en.ftl أيضا.
# الأرقام لاتينية كما في الصحافة المغربية؛ صيغ الجمع الست: zero وone وtwo وfew وmany وother.

## Navigation and layout
skip-to-content = انتقل إلى المحتوى
nav-label = القائمة الرئيسية
nav-home = الأخبار
nav-timeline = الخط الزمني
language-switcher-label = اقرأ هذه الصفحة بلغة أخرى
feed-link = موجز Atom
footer-about = نشرة مستقلة تتابع اتفاقية واحدة، من اقتراحها إلى دخولها حيز التنفيذ. الوقائع موثّقة بمصادرها، والتصويبات مبيّنة.
footer-languages = النسخ

## Home page
home-heading = آخر الأخبار
articles-count = { $count ->
    [zero] لا توجد مقالات بعد
    [one] مقال واحد
    [two] مقالان
    [few] { $count } مقالات
    [many] { $count } مقالًا
   *[other] { $count } مقال
}

## Article page
article-published = نُشر في
article-source = المصدر
article-source-credit = نُشر أولا في { $name }.
article-translation = متاح أيضا باللغة:
article-no-translation = هذا المقال متاح بالعربية فقط.
# In the language switcher, after the name of a language whose edition is being translated.
translation-coming = الترجمة قيد الإعداد
article-event = في الخط الزمني
article-tags = الوسوم
article-back = العودة إلى الأخبار

## Treaty status
status-heading = وضع الاتفاقية
status-signatories = { $count ->
    [zero] لا توجد جهات موقّعة
    [one] جهة موقّعة واحدة
    [two] جهتان موقّعتان
    [few] { $count } جهات موقّعة
    [many] { $count } جهة موقّعة
   *[other] { $count } جهة موقّعة
}
status-as-of = إلى حدود { $date }
status-deposited = { $count ->
    [zero] لم يُودَع أي صك تصديق بعد
    [one] أُودع صك واحد
    [two] أُودع صكّان
    [few] أُودعت { $count } صكوك
    [many] أُودع { $count } صكًّا
   *[other] أُودع { $count } صك
}
# سطر واحد: الصكوك المودعة من أصل العدد اللازم، وكم بقي.
status-progress = الصكوك المودعة: { $deposited } من أصل { $threshold ->
    [one] صك واحد يلزم إيداعه
    [two] صكّين يلزم إيداعهما
    [few] { $threshold } صكوك يلزم إيداعها
    [many] { $threshold } صكًّا يلزم إيداعها
   *[other] { $threshold } صك يلزم إيداعها
} لدخول الاتفاقية حيز التنفيذ؛ { $remaining ->
    [zero] اكتمل العدد المطلوب
    [one] بقي صك واحد
    [two] بقي صكّان
    [few] بقيت { $remaining } صكوك
    [many] بقي { $remaining } صكًّا
   *[other] بقي { $remaining } صك
}
status-progress-value = { $deposited } من أصل { $threshold }
# عدد الصكوك على بطاقة كل مقال للمشاركة (صورة: نص بلا ترميز).
card-deposits = الصكوك المودعة: { $deposited } من أصل { $threshold }
status-still-needed = { $count ->
    [zero] بلغ عدد الصكوك العتبة المطلوبة
    [one] يلزم صك واحد إضافي
    [two] يلزم صكّان إضافيان
    [few] تلزم { $count } صكوك إضافية
    [many] يلزم { $count } صكًّا إضافيًّا
   *[other] يلزم { $count } صك إضافي
}
# بين كلمات الإحالات إلى المواد مسافات غير فاصلة، كي لا ينفصل القوس عن كلماته في آخر السطر.
status-rule = تدخل الاتفاقية حيز التنفيذ في اليوم الـ{ $days } بعد إيداع الصك الـ{ $threshold } من صكوك التصديق أو القبول أو الإقرار أو الانضمام (المادة 65، الفقرة 1).
status-entry-into-force = تدخل حيز التنفيذ في { $date }
status-signature-closes = يُغلق باب التوقيع في { $date }
status-ratifications-heading = الصكوك المودعة
status-source = المصدر
status-timeline-link = تابع كل المراحل في الخط الزمني

## Timeline
timeline-heading = الخط الزمني للاتفاقية
timeline-intro = من المقترح الروسي سنة 2017 إلى دخول الاتفاقية حيز التنفيذ: كل مرحلة مؤرّخة بأقصى ما تسمح به المصادر من دقة، مع مصادرها.
timeline-sources = المصادر
timeline-coverage = تغطيتنا
timeline-current = آخر مرحلة
timeline-upcoming = مرتقب
timeline-next-heading = المراحل المقبلة
kind-proposal = اقتراح
kind-resolution = قرار
kind-negotiation = مفاوضات
kind-adoption = اعتماد
kind-signature = توقيع
kind-ratification = تصديق
kind-entry-into-force = دخول حيز التنفيذ
entry-into-force-title = دخول الاتفاقية حيز التنفيذ
entry-into-force-body = أُودع الصك الـ{ $threshold } في { $deposit_date }، وبموجب المادة 65 (الفقرة 1) تدخل الاتفاقية حيز التنفيذ في اليوم الـ{ $days } بعد هذا الإيداع.

## Error and root pages
root-intro = تصدر هذه النشرة بالإنجليزية وبالعربية. اختر النسخة:
root-edition-link = اقرأ النسخة العربية
not-found-title = الصفحة غير موجودة
not-found-text = الصفحة التي طلبتها غير موجودة. ربما نُقلت، أو أن العنوان مكتوب بشكل خاطئ.
not-found-home = انتقل إلى النسخة العربية
root-title = اختر النسخة
root-redirect = جارٍ نقلك إلى النسخة الإنجليزية…

## Treaty tracker: the states pages
nav-states = الدول
status-states-link = كل الجهات الموقّعة على الخريطة وفي جدول
states-heading = التوقيعات والتصديقات
states-intro = كل أطراف الاتفاقية: تاريخ التوقيع وتاريخ إيداع الصك، وكل تاريخ من مصدره. ولا يُحتسب الإيداع إلا بعد أن تُثبته مجموعة معاهدات الأمم المتحدة أو إشعار الوديع.
states-map-title = خريطة العالم للأطراف: صك مودَع، أو توقيع، أو لا هذا ولا ذاك
states-map-note = تظهر الدول الصغيرة نقاطًا. والاتحاد الأوروبي ليس على الخريطة، وهو مدرج في الجدول.
states-legend-deposited = صك مودَع
states-legend-signed = توقيع
states-legend-none = لا هذا ولا ذاك
states-table-heading = { $count ->
    [zero] لا أطراف
    [one] طرف واحد
    [two] طرفان
    [few] { $count } أطراف
   *[other] { $count } طرفًا
}
states-table-caption = الأطراف بالترتيب الأبجدي، كما تم التحقق منها بتاريخ { $date }
states-col-name = الطرف
states-col-signature = التوقيع
states-col-instrument = الصك
states-col-deposited = تاريخ الإيداع
states-col-counts = يُحتسب ضمن الـ{ $threshold }
states-counts-yes = نعم
states-counts-regional = لا: المادة 65 (الفقرة 1)، منظمة إقليمية
states-signature-uncertain = في حفل هانوي؛ لا تذكر المصادر اليوم
states-filter-label = ابحث عن طرف
states-show-label = عرض
states-show-all = الكل
states-shown = { $shown } من أصل { $total }
states-sort-label = رتّب حسب هذا العمود
states-data-heading = بيانات مفتوحة
states-data-intro = البيانات نفسها لعملكم، في عناوين ثابتة: JSON (مع مخططه) وCSV، وJSON للخط الزمني؛ الأسماء باللغتين، والتواريخ بصيغة ISO، ومع كل ملف تاريخ التحقق من القائمة.
states-feed-link = التوقيعات والإيداعات في موجز (Atom)
states-feed-title = التوقيعات والإيداعات
states-feed-signature = { $state }: التوقيع على الاتفاقية
states-feed-deposit = { $state }: إيداع صك { $instrument ->
    [ratification] التصديق
    [acceptance] القبول
    [approval] الإقرار
   *[accession] الانضمام
}
states-checked = تم التحقق بتاريخ { $date }
instrument-ratification = التصديق
instrument-acceptance = القبول
instrument-approval = الإقرار
instrument-accession = الانضمام
state-back = جميع الأطراف
state-source = المصدر
state-not-signed = لم يتم التوقيع
state-no-instrument = لم يُودَع أي صك إلى حدود { $date }.
state-counts = يُحتسب ضمن الصكوك اللازمة لدخول الاتفاقية حيز التنفيذ.
state-not-counted = بموجب المادة 65 (الفقرة 1)، لا يُحتسب صك منظمة التكامل الاقتصادي الإقليمي إضافةً إلى صكوك الدول الأعضاء فيها.
state-declarations = الإعلانات والتحفظات
state-note = ملاحظة
state-news = في الأخبار وفي الخط الزمني
state-no-news = لا يذكر أي مقال أو حدث في الخط الزمني هذا الطرف بعد.

## Search
nav-search = البحث
search-heading = البحث
search-intro = ابحث في المقالات والخط الزمني وصفحات الدول.
search-label = ابحث عن
search-placeholder = الوزير، التصديق، هانوي…
search-button = ابحث
search-filters = اعرض فقط
search-kind-article = المقالات
search-kind-event = أحداث الخط الزمني
search-kind-state = صفحات الدول
search-kind-label-article = مقال
search-kind-label-event = حدث في الخط الزمني
search-kind-label-state = صفحة دولة
search-tag = الوسم
search-tag-any = كل الوسوم
search-needs-js = يحتاج البحث إلى جافاسكريبت، وهي معطّلة في هذا المتصفح.
search-browse-articles = تصفّح كل المقالات
search-browse-timeline = الخط الزمني
search-loading = جارٍ البحث…
search-results = { $count ->
    [zero] لا نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $count } نتائج
    [many] { $count } نتيجة
   *[other] { $count } نتيجة
}
search-no-results = لا شيء يطابق «{ $query }».
search-from-disk = لا يعمل البحث في صفحة مفتوحة من القرص: المتصفحات تمنع تحميل ملفات الفهرس. شغّل الموقع عبر خادم، مثل `accord serve`.
search-from-disk-link = كيف تشغّل المعاينة
search-failed = تعذّر تحميل فهرس البحث.

## Newsroom: bylines, corrections, tags and archives
article-byline = بقلم { $authors }
article-updated = حُدّث في
article-corrections = { $count ->
    [one] تصحيح
    [two] تصحيحان
   *[other] تصحيحات
}
tags-heading = الوسوم
archives-heading = الأرشيف
home-archive-link = كل المقالات ({ $count }) شهرًا بشهر
