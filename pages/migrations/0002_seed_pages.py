"""The four pages the footer links to, in English and Traditional Chinese, and
the Editor group's right to edit them (authors may not)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.text import render_markdown

# slug: ((English title, body), (Chinese title, body)); bodies are Markdown.
PAGES = {
    "about": (
        (
            "About the Observatory",
            """HK AI Observatory reports on artificial intelligence in Hong Kong: where it is
used, who it affects and what it changes. We follow five sectors (education,
smart cities and infrastructure, healthcare, finance, start-ups and innovation)
and three challenges that cut across them: data privacy, job displacement, and
ethics and responsible AI.

We publish in English and in Traditional Chinese. A translated article is
marked as such and says when it was published in each language.

## Why we exist

Decisions about AI in Hong Kong are made in schools, hospitals, banks, housing
estates and government departments, often out of public view. We want readers
to understand those decisions, question them and take part in them.

## Who we are

A small newsroom of reporters and editors. Every article carries the name of
the person who wrote it; their profile says who they are and what else they
have written.

## How we are funded and kept independent

We are not funded by any company whose products we cover, and we take no
payment for coverage. Sponsors, if we ever have any, will be named on this page
and will have no say over what we publish. See our
[editorial policy](/editorial-policy/).
""",
        ),
        (
            "關於觀察站",
            """香港人工智能觀察站報道人工智能在香港的發展：它在哪裏被使用、影響了誰、改變了甚麼。我們關注五個行業（教育、智慧城市及基建、醫療、金融科技、初創及創新），以及橫跨各行業的三項挑戰：資料私隱、職位流失，以及倫理及負責任的人工智能。

我們以英文和繁體中文發佈。翻譯文章會註明是譯本，並列出各語言版本的發佈日期。

## 為甚麼有觀察站

香港有關人工智能的決定，往往在學校、醫院、銀行、屋邨和政府部門之內作出，公眾未必看得見。我們希望讀者明白這些決定、提出疑問，並參與討論。

## 我們是誰

我們是一個由記者和編輯組成的小型編輯部。每篇文章都署上作者的名字；作者簡介會說明他們是誰，以及寫過甚麼其他文章。

## 資金與獨立

我們不接受所報道產品的公司資助，亦不收費換取報道。如日後有贊助機構，會在本頁列明，而它們對我們發佈的內容沒有任何話語權。詳見我們的[編輯方針](/zh-hant/editorial-policy/)。
""",
        ),
    ),
    "editorial-policy": (
        (
            "Editorial policy",
            """## Independence

Editors decide what we cover and what we publish. Nobody outside the newsroom,
whether an advertiser, a sponsor, a company or a government body, sees an
article before it is published or may change it. A writer with a personal or
financial interest in a subject does not cover it, or says so in the article.

## Sourcing

- We name our sources wherever we can. When a source cannot be named, we say
  why, and an editor knows who they are.
- Figures, studies and official statements are linked to where we found them.
- Claims about what an AI system does are checked with the people who run it,
  and with people affected by it, where possible.
- Companies and public bodies we write about are given a fair chance to reply.

## Articles written with AI

Our reporting and writing are done by people. If a tool, AI or otherwise, is
used to translate, transcribe or analyse material, an editor checks the result,
and the article says so when it matters to the reader.

## Two languages

English and Chinese articles follow the same standards. A translation says the
same thing as the original; it may be adapted for its readers, but never
changes facts.

## Corrections

Mistakes are corrected openly: see [Corrections](/corrections/).
""",
        ),
        (
            "編輯方針",
            """## 獨立

報道甚麼、發佈甚麼，由編輯決定。編輯部以外的任何人，包括廣告商、贊助機構、企業或政府部門，都不能在發佈前審閱或修改文章。作者如與題材有個人或財務利益關係，不會負責該報道，或會在文章中說明。

## 消息來源

- 我們盡可能列明消息來源的名稱；如未能公開，我們會說明原因，而編輯知道對方身份。
- 數字、研究和官方聲明，均會連結至原始出處。
- 有關人工智能系統如何運作的說法，我們會盡量向營運者及受影響的人士核實。
- 被報道的企業和公共機構，均會獲得合理的回應機會。

## 以人工智能輔助寫作

我們的採訪和寫作由人完成。如使用人工智能或其他工具翻譯、轉錄或分析資料，編輯會核對結果；若與讀者理解有關，文章會加以說明。

## 兩種語言

英文和中文文章遵守同一套標準。譯本與原文內容一致；譯文可因應讀者作調整，但不會改動事實。

## 更正

我們會公開更正錯誤，詳見[更正](/zh-hant/corrections/)。
""",
        ),
    ),
    "corrections": (
        (
            "Corrections",
            """We try to get everything right, and we fix what we get wrong, quickly and in
the open.

## How to tell us

Write to **corrections@observatory.example.hk** with the article's address and
what you believe is wrong. Every message is read by an editor, usually within
two working days.

## How corrections are made

- A factual error is corrected in the article itself, and a note at the end of
  the article says what was wrong, what is right, and when it was corrected.
- A correction to an article that has a translation is made in both languages.
- Small fixes that change no meaning (a typo, a broken link) are made without
  a note.
- We do not quietly rewrite articles: any change beyond a small fix gets a
  note.

## Where corrections are shown

Each corrected article shows the date of its last update next to its
publication date, and its correction note. The change also appears in our
feeds, so readers who follow us there see the corrected version.
""",
        ),
        (
            "更正",
            """我們力求準確；如有錯誤，我們會盡快公開更正。

## 如何通知我們

請電郵至 **corrections@observatory.example.hk**，附上文章網址，並說明你認為哪裏有錯。每封來信都由編輯閱讀，一般會在兩個工作天內處理。

## 我們如何更正

- 事實錯誤會在文章內直接更正，並在文末加上說明，指出原本的錯誤、正確的資料和更正日期。
- 如文章有譯本，兩種語言的版本都會一併更正。
- 不影響內容意思的小修改（例如錯字或失效連結）不另加說明。
- 我們不會悄悄改寫文章：小修改以外的任何改動，都會附上說明。

## 更正會在哪裏顯示

更正後的文章會在發佈日期旁顯示最後更新日期，並附上更正說明。訂閱源亦會收到更新，經訂閱源閱讀的讀者會看到更正後的版本。
""",
        ),
    ),
    "contact": (
        (
            "Contact",
            """## The newsroom

Story ideas, tips and questions about our reporting:
**newsroom@observatory.example.hk**.

If what you want to tell us is sensitive, say so in your first message and
leave out the details: an editor will reply with a safer way to talk. We
protect the identity of people who ask us to.

## Corrections

To report a mistake: **corrections@observatory.example.hk** (see
[Corrections](/corrections/)).

## Everything else

Partnerships, events and anything else: **hello@observatory.example.hk**.

We read messages in English and in Chinese.
""",
        ),
        (
            "聯絡我們",
            """## 編輯部

報料、題材建議，以及對我們報道的查詢：**newsroom@observatory.example.hk**。

如你想告訴我們的事情較為敏感，請在第一封來信中說明，但先不要寫出細節：編輯會回覆你一個較安全的聯絡方法。如你要求，我們會保護你的身份。

## 更正

報告錯誤：**corrections@observatory.example.hk**（詳見[更正](/zh-hant/corrections/)）。

## 其他事宜

合作、活動及其他查詢：**hello@observatory.example.hk**。

我們接受中文或英文來信。
""",
        ),
    ),
}

EDITOR_PERMISSIONS = ["add_page", "change_page", "delete_page", "view_page"]


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for slug, ((title_en, body_en), (title_zh, body_zh)) in PAGES.items():
        if Page.objects.filter(slug=slug).exists():
            continue
        Page.objects.create(
            slug=slug,
            title=title_en,
            title_en=title_en,
            title_zh_hant=title_zh,
            body=body_en,
            body_en=body_en,
            body_zh_hant=body_zh,
            body_html=render_markdown(body_en),
            body_html_en=render_markdown(body_en),
            body_html_zh_hant=render_markdown(body_zh),
        )


def allow_editors(apps, schema_editor):
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="pages", codename__in=EDITOR_PERMISSIONS
    )
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(*permissions)


def remove_pages(apps, schema_editor):
    apps.get_model("pages", "Page").objects.filter(slug__in=PAGES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0002_editor_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_pages, remove_pages),
        migrations.RunPython(allow_editors, migrations.RunPython.noop),
    ]
