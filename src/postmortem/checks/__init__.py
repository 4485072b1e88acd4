"""Checks that review an incident write-up: completeness and blamelessness rules."""
