"""The five sectors and three challenges the site is organised around."""

from django.db import migrations

SECTORS = [
    (
        "Education",
        "education",
        "Schools, universities and exam halls learning to live with AI tutors and AI homework.",
        "From primary classrooms to university research labs: how Hong Kong teaches "
        "with artificial intelligence, teaches about it, and decides what students may "
        "hand in when a chatbot can write the essay.",
    ),
    (
        "Smart Cities & Infrastructure",
        "smart-cities-infrastructure",
        "Transport, housing, utilities and government services run with the help of data and models.",
        "Traffic signals, railway maintenance, building inspections and public "
        "services: where algorithms already help run a dense, vertical city, and where "
        "the city is still deciding whether to let them.",
    ),
    (
        "Healthcare",
        "healthcare",
        "Hospitals, clinics and researchers using AI to read scans, triage patients and shorten waits.",
        "Public hospitals under pressure, an ageing population and a strong research "
        "base: the places where machine learning meets patient care, and the rules that "
        "govern medical data.",
    ),
    (
        "FinTech",
        "fintech",
        "Banks, insurers, regulators and payment firms putting models to work on money.",
        "Credit scoring, fraud detection, robo-advice and supervisory technology in one "
        "of the world's financial centres, and how regulators expect firms to explain "
        "what their models decide.",
    ),
    (
        "Startups & Innovation",
        "startups-innovation",
        "Founders, science parks, investors and the talent they compete for.",
        "The companies building AI products in Hong Kong, the incubators and funds "
        "behind them, and the links to the wider Greater Bay Area.",
    ),
]

CHALLENGES = [
    (
        "Data privacy",
        "data-privacy",
        "Who may collect personal data to train and run AI, and what people can do about it.",
        "Training data, facial recognition, cross-border transfers and consent: how "
        "Hong Kong's privacy law applies to AI systems, and where it is being tested.",
    ),
    (
        "Job displacement",
        "job-displacement",
        "Which jobs AI changes or removes, and how workers and employers respond.",
        "Clerical work, customer service, finance back offices and translation: the "
        "tasks being automated, the skills in demand, and the retraining on offer.",
    ),
    (
        "Ethics & responsible AI",
        "ethics-responsible-ai",
        "Fairness, transparency and accountability when a model's decision affects people.",
        "Bias in automated decisions, explainability, human oversight and the "
        "guidelines organisations in Hong Kong adopt for using AI responsibly.",
    ),
]


def seed(apps, schema_editor):
    for model_name, rows in (("Sector", SECTORS), ("Challenge", CHALLENGES)):
        model = apps.get_model("sectors", model_name)
        for order, (name, slug, summary, description) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "summary": summary,
                    "description": description,
                    "order": order * 10,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("sectors", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
