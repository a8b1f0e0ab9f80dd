"""Each furniture rule on its own: what it removes, and the prose it must leave alone."""

import pytest

from articles.ingest.furniture import (
    INLINE_RULES,
    RULES,
    drop_duplicate_paragraphs,
    drop_name_captions,
    drop_repeated_captions,
    match_furniture,
    strip_furniture,
    strip_inline_furniture,
)

# For every rule: lines it must remove, and look-alike prose it must keep.
EXAMPLES = {
    "theme_banner": (
        [
            "Jannah Theme License is not validated, Go to the theme options page to validate the "
            "license, You need a single license for each domain name.",
            "Newspaper theme license is not activated",
        ],
        ["The licence for the theme park is not validated by the council, officials said."],
    ),
    "back_to_top": (
        ["Back to top button", "Back to top", "Scroll to top ↑", "BACK TO TOP"],
        ["Back to top form, the striker scored twice."],
    ),
    "share_prompt": (
        [
            "Share this article",
            "Share:",
            "Share on Facebook",
            "Click to share on X (Opens in new window)",
        ],
        ["Share prices fell 3% on Monday."],
    ),
    "social_buttons": (
        ["Facebook Twitter LinkedIn WhatsApp Email", "Facebook | X | Telegram", "Kakao Talk"],
        ["Facebook said on Monday it would appeal."],
    ),
    "follow_prompt": (
        ["Follow us on Google News", "Join our WhatsApp channel for updates"],
        ["Follow-up talks are planned for June."],
    ),
    "subscribe_prompt": (
        [
            "Subscribe",
            "Subscribe to our daily newsletter",
            "Sign up for our free morning newsletter",
        ],
        ["Subscribers to the service rose by a third, the company said."],
    ),
    "cookie_notice": (
        [
            "We use cookies to improve your experience. By continuing you agree to our policy.",
            "Accept all cookies",
            "Accept",
        ],
        ["The bakery sold cookies to soldiers and accepted donations for the troops."],
    ),
    "related_link": (
        [
            "Also read: Government Names Sanjay Kumar Agarwal As Chairman Of CBIC",
            "Read more: Seoul and Tokyo agree on intelligence sharing",
            "Related: North Korea fires missiles",
            "See also: Timeline of the talks",
        ],
        ["Related talks are set for next week, diplomats said."],
    ),
    "related_heading": (
        ["Related Articles", "You may also like", "Most Read"],
        ["Related talks are set for next week."],
    ),
    "advertisement": (
        ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement"],
        ["Advertisement spending fell 4% last year."],
    ),
    "copyright": (
        ["© 2024 United Press International, Inc. All Rights Reserved.", "Copyright 2024 Reuters"],
        ["Copyright law in the EU is changing, lawyers say."],
    ),
    "comments_prompt": (
        ["Leave a comment", "12 Comments", "Comments"],
        ["Comments by the minister drew criticism."],
    ),
    "navigation": (
        ["Skip to content", "Menu", "Home", "Search", "Send an email"],
        ["Home prices rose again in May."],
    ),
    "reading_time": (["3 min read", "Reading time: 4 minutes"], ["He spent 3 minutes reading."]),
    "photo_credit": (
        ["Photo: Reuters", "File photo by KCNA", "Credit: AFP"],
        ["Photographs taken by the drone show damage."],
    ),
    "photo_caption": (
        [
            "Kim Jong Un visits a munitions factory. Photo by KCNA/UPI",
            "Soldiers march in Pyongyang. REUTERS/Kim Hong-Ji",
            "Kim Jong Un at the plant. (KCNA via REUTERS)",
        ],
        [
            "He posted a photo by his friend on social media.",
            "Bush leads, according to a Reuters/Zogby poll released on Tuesday.",
        ],
    ),
    "adblock_notice": (
        [
            "Adblock Detected",
            "Please consider supporting us by disabling your ad blocker",
        ],
        ["The ad blocker market grew last year."],
    ),
    "relative_time": (["3 hours ago", "Updated 2 days ago"], ["Two days ago, the talks failed."]),
    "no_words": (["|", "» »", "…", "–"], ["½", "9/11"]),
    "end_mark": (["(END)", "-30-", "* * *", "___"], ["The end came quickly."]),
    "contributor_credit": (
        [
            "Associated Press writer Kim Tong-hyung in Seoul contributed to this report.",
            "CNN's Jim Acosta and Jeff Zeleny contributed to this report.",
            "Reuters' Anna Smith in Berlin contributed reporting.",
        ],
        [
            "Writers from ten countries contributed essays to the book, which sold well.",
            "Scientists from five universities contributed to the report.",
        ],
    ),
    "standards_notice": (
        ["Our Standards: The Thomson Reuters Trust Principles."],
        ["Our standards are high, the minister said."],
    ),
    "contact_email": (
        ["arin@heraldcorp.com", "Email: desk@example.co.uk"],
        ["Write to desk@example.com with tips."],
    ),
    "tags_line": (
        ["Tags: North Korea, Russia, Missiles"],
        ["Tagged by police, the car was towed."],
    ),
    "reporting_credit": (
        ["(Reporting by Hyonhee Shin; Editing by Ed Davies)"],
        ["Reporting by the newspaper prompted an inquiry."],
    ),
}


def test_every_rule_has_examples():
    assert {rule.name for rule in RULES} == set(EXAMPLES)


@pytest.mark.parametrize("rule_name", sorted(EXAMPLES))
def test_rule(rule_name):
    furniture, prose = EXAMPLES[rule_name]
    for line in furniture:
        found = match_furniture(line)
        assert found is not None, line
        assert found[0].name == rule_name, (line, found[0].name)
        assert found[1] == "", line
    for line in prose:
        assert match_furniture(line) is None, line


def test_furniture_glued_to_section_label_leaves_the_label():
    assert strip_furniture(["Back to top buttonBreaking News", "Headline"]) == [
        "Breaking News",
        "Headline",
    ]


def test_furniture_glued_to_end_of_paragraph():
    assert strip_furniture(["The talks ended.Back to top"]) == ["The talks ended."]
    assert strip_furniture(["The talks ended. Also read: Other story here"]) == ["The talks ended."]


def test_related_heading_takes_its_list_of_headlines():
    lines = [
        "Last paragraph of the story.",
        "Related Articles",
        "Seoul and Tokyo agree on intelligence sharing",
        "North Korea fires two missiles",
        "Back to top button",
    ]
    assert strip_furniture(lines) == ["Last paragraph of the story."]


def test_related_list_ends_at_prose():
    lines = ["Related", "Another story headline", "The story goes on here."]
    assert strip_furniture(lines) == ["The story goes on here."]


def test_single_word_furniture_is_not_cut_from_a_word():
    assert strip_furniture(["HomePod sales rose."]) == ["HomePod sales rose."]


def test_repeated_caption_lines_all_go():
    lines = ["Standfirst here", "Kim Jong Un", "Kim Jong Un", "Body paragraph."]
    assert drop_repeated_captions(lines) == ["Standfirst here", "Body paragraph."]


def test_repeated_long_paragraph_is_not_a_caption():
    paragraph = "A long paragraph that ends with a full stop, quoted twice by the page."
    assert drop_repeated_captions([paragraph, paragraph]) == [paragraph, paragraph]


def test_name_caption_repeated_in_the_story_goes():
    lines = ["Kim Jong Un", "North Korean leader Kim Jong Un visited a factory."]
    assert drop_name_captions(lines) == lines[1:]


def test_name_line_not_in_the_story_stays():
    lines = ["Background Briefing", "North Korean leader Kim Jong Un visited a factory."]
    assert drop_name_captions(lines) == lines


def test_duplicate_paragraph_keeps_the_first():
    lines = ["First paragraph.", "Pull quote here.", "Second paragraph.", "Pull quote here."]
    assert drop_duplicate_paragraphs(lines) == lines[:3]


def test_label_glued_after_two_pieces_of_furniture():
    banner = (
        "Jannah Theme License is not validated, You need a single license for each domain name."
    )
    assert strip_furniture([banner + "Back to top buttonWorld News", "Headline"]) == [
        "World News",
        "Headline",
    ]


def test_punctuation_opening_a_paragraph_is_not_glued_furniture():
    line = ': "I joined Island Records in 1977," he said.'
    assert strip_furniture([line]) == [line]


# For every inline rule: a line with furniture inside and what must be left, and prose it keeps.
INLINE_EXAMPLES = {
    "share_bar": (
        [
            (
                "Shares fell. Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg "
                "reddit Newsvine Permalink http://example.com/p/2XWiQ The board met.",
                "Shares fell. The board met.",
            ),
            ("It ended. Share Facebook | Twitter | Pinterest | Email", "It ended."),
        ],
        ["Apps such as Facebook, Twitter, WhatsApp and Telegram were blocked on Monday."],
    ),
    "glued_credit": (
        [
            (
                "Talks resume on Monday. Source:-Al Jazeera and news agencies",
                "Talks resume on Monday.",
            ),
            (
                "short of the 65-seat majority Source:-News agencies",
                "short of the 65-seat majority",
            ),
        ],
        ["The source: a memo that the minister signed in May.", "Source: Yonhap"],
    ),
    "desk_credit": (
        [("The vote is in May. jbh/rt (AFP, Reuters) -", "The vote is in May.")],
        ["The ratio was 1/2 (Half) of the vote."],
    ),
    "related_label": (
        [
            (
                "he said. READ MORE: Who votes for Wilders? The party",
                "he said. Who votes for Wilders? The party",
            ),
            ("it said. WATCH: The river rises It went on.", "it said. The river rises It went on."),
        ],
        ["He wanted to read more: books, papers, anything.", "They said. Watch: the river rose."],
    ),
    "disclaimer": (
        [
            (
                "Talks went on. The views expressed in this article are the author's own and do "
                "not necessarily reflect the editorial policy.",
                "Talks went on.",
            ),
            (
                "An economist at Example University.- The views expressed here are the author's "
                "own.-",
                "An economist at Example University.-",
            ),
            (
                "the paper writes. - TASS is not responsible for the material quoted in the press "
                "reviews",
                "the paper writes.",
            ),
        ],
        [
            "Facebook is not responsible for the content its users post, the court ruled on Monday "
            "in a case brought by two families.",
            "He said the views expressed by the minister are his own. Then he left.",
        ],
    ),
    "dash_run": (
        [("this week. - - - - - - Mr Sessions voted.", "this week. Mr Sessions voted.")],
        ["The score was 3 - 1 - 0 at half time."],
    ),
}


def test_every_inline_rule_has_examples():
    assert {rule.name for rule in INLINE_RULES} == set(INLINE_EXAMPLES)


@pytest.mark.parametrize("rule_name", sorted(INLINE_EXAMPLES))
def test_inline_rule(rule_name):
    cases, prose = INLINE_EXAMPLES[rule_name]
    for line, left in cases:
        assert strip_inline_furniture(line) == left, line
    for line in prose:
        assert strip_inline_furniture(line) == line, line


def test_new_line_rules_for_prompts():
    for line in ["Learn more", "Read more here", "Download our free news app for iPhone"]:
        assert match_furniture(line) is not None, line
    assert match_furniture("Learn more about the plan at the council's meeting, he said.") is None
