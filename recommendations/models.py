"""The follow-up of each recommendation: its models come with the tracking work."""
