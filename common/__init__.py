"""What every app uses and nothing domain-specific: safe next-URLs, bounded choice fields, the refusal error.

Below every app: it imports no app of the portal (the import-linter contracts in .importlinter say so).
"""
