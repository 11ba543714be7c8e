"""Django-free numerics: opinion analysis (Pol.is math), group assignment, trust statistics,
morphological analysis. Plain arrays and dataclasses in, plain results out. An import-linter
contract keeps Django out of this package."""
