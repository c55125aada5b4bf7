"""policykg.loaders.extract"""
