"""Made-up news paragraphs shared by the rule-baseline tests (no benchmark text)."""

NEWS = (
    "Flood defences fail in northern Italy\n"
    "Heavy rain forced around 2,500 residents to leave their homes near Milan on Sunday, "
    "Italian officials said. Prime Minister Giulia Ferri told reporters that the army would "
    "send more than 400 soldiers and six helicopters.\n"
    "“We are doing everything we can,” Ferri said. “The next 48 hours are critical.”\n"
    "The European Union has offered up to €30 million in aid, according to a statement "
    "from the European Commission. Meanwhile, the Red Cross said its teams had distributed "
    "approximately 11,000 blankets over a 10-day period.\n"
    "Mr. Paolo Rossi, a farmer from Lombardy, said he had lost \"almost everything\" in "
    "the storm, which hit the region in March 2024. The U.S. Embassy in Rome confirmed "
    "that two American citizens were among the injured.\n"
)
