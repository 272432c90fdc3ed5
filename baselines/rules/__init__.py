"""Rule-based baselines: one system per task, built from general lexicons and patterns.

- :class:`baselines.rules.entities.RuleEntities` (task ``entities``)
- :class:`baselines.rules.quotes.RuleQuotes` (task ``quotes``)
- :class:`baselines.rules.numeric.RuleNumeric` (task ``numeric_claims``)
"""
