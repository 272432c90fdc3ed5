"""Generative systems: a chat model (any OpenAI-compatible server, or a local Hugging Face
causal LM) prompted for JSON, whose strings are grounded back to character offsets.

The system is :class:`baselines.llm.system.LlmSystem` (``bench run --system llm``). Importing
this package imports neither torch nor transformers.
"""
