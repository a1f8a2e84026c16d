"""Copies of one story (issue 26): the same text printed twice, updated or retold under its headline."""

from generator.copies.detect import CopyIndex, is_copy
from generator.copies.fingerprint import Fingerprint, fingerprint
from generator.copies.frequency import WordFrequency

__all__ = ["CopyIndex", "Fingerprint", "WordFrequency", "fingerprint", "is_copy"]
