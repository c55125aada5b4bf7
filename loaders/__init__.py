"""policykg.loaders"""
