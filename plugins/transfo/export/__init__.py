"""Exports of the model and its figures for spreadsheets and other tools."""
