"""Readers that turn what an agency has (an inbox folder of exports) into canonical raw tables."""
