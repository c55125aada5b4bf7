"""policykg: a knowledge graph of China's carbon-peaking (碳达峰) policy system."""

__version__ = "0.1.0"
