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
status-progress = { $deposited } من أصل { $threshold ->
    [one] صك واحد يلزم إيداعه
    [two] صكّين يلزم إيداعهما
    [few] { $threshold } صكوك يلزم إيداعها
    [many] { $threshold } صكًّا يلزم إيداعها
   *[other] { $threshold } صك يلزم إيداعها
} لدخول الاتفاقية حيز التنفيذ
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
