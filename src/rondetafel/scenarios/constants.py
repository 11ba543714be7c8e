PAIRS_KIND = "morph_pairs"
VALUES_KIND = "morph_values"  # participants propose values for the parameters from phones  # the live-session activity type in which participants judge pairs
MAX_PARAMETERS = 12
MAX_VALUES = 8
DEFAULT_SCENARIOS = 3
