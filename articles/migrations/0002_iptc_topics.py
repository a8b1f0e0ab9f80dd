"""Loads the 17 top-level IPTC Media Topics (https://iptc.org/standards/media-topics/)."""

from django.db import migrations

IPTC_TOP_LEVEL = [
    ("medtop:01000000", "arts, culture, entertainment and media", "arts-culture-entertainment-and-media",
     "All forms of arts, entertainment, cultural heritage and media."),
    ("medtop:02000000", "crime, law and justice", "crime-law-and-justice",
     "The establishment and statement of the rules of behaviour in society, their enforcement, "
     "breaches of them, the punishment of offenders and the bodies involved."),
    ("medtop:03000000", "disaster, accident and emergency incident",
     "disaster-accident-and-emergency-incident",
     "Man-made or natural events resulting in loss of life or injury, or damage to property."),
    ("medtop:04000000", "economy, business and finance", "economy-business-and-finance",
     "All matters concerning the planning, production and exchange of wealth."),
    ("medtop:05000000", "education", "education",
     "All aspects of furthering knowledge, formally or informally."),
    ("medtop:06000000", "environment", "environment",
     "All aspects of protection, damage and condition of the ecosystem of the planet and its surroundings."),
    ("medtop:07000000", "health", "health", "All aspects of physical and mental well-being."),
    ("medtop:08000000", "human interest", "human-interest",
     "Items about individuals, groups, animals, plants or other objects told in an emotional way."),
    ("medtop:09000000", "labour", "labour",
     "Social aspects, organisations, rules and conditions affecting employment, and the economic "
     "support of the unemployed."),
    ("medtop:10000000", "lifestyle and leisure", "lifestyle-and-leisure",
     "Activities undertaken for pleasure, relaxation or recreation outside paid employment, "
     "including eating and travel."),
    ("medtop:11000000", "politics", "politics",
     "Local, regional, national and international exercise of power, or struggle for power, and the "
     "relationships between governing bodies and states."),
    ("medtop:12000000", "religion", "religion",
     "Belief systems, institutions and people who provide moral guidance to followers."),
    ("medtop:13000000", "science and technology", "science-and-technology",
     "All aspects of human understanding and methodical study of the natural, formal and social "
     "sciences, and their application."),
    ("medtop:14000000", "society", "society",
     "The concerns, issues, affairs and institutions relevant to human social interactions, problems "
     "and welfare, such as poverty, human rights and family planning."),
    ("medtop:15000000", "sport", "sport",
     "Competitive activity or skill involving physical or mental effort, and the bodies involved."),
    ("medtop:16000000", "conflict, war and peace", "conflict-war-and-peace",
     "Acts of socially or politically motivated protest or violence, military activities, "
     "geopolitical conflicts, and efforts to resolve them."),
    ("medtop:17000000", "weather", "weather",
     "The study, prediction and reporting of meteorological phenomena."),
]


def load_topics(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    for qcode, name, slug, description in IPTC_TOP_LEVEL:
        Topic.objects.update_or_create(
            qcode=qcode, defaults={"name": name, "slug": slug, "description": description}
        )


def unload_topics(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    Topic.objects.filter(qcode__in=[row[0] for row in IPTC_TOP_LEVEL], parent=None).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(load_topics, unload_topics)]
