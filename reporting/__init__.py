"""Fokus-style reporting service: the application below the Streamlit pages."""
