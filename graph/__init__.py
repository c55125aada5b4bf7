"""policykg.graph"""
