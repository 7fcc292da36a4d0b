#!/usr/bin/env python3
"""make lint: placeholder replaced below."""
