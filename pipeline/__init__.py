"""souverain: French press articles on the sovereign cloud, published as linked data."""

__version__ = "0.1.0"
