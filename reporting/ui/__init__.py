"""The only Streamlit code outside app.py and pages/: context, cached loaders, widgets."""
