"""Pages and feeds from the web: fetching (``fetch``) into a local library (``library``).

Nothing here runs unless the user asks for an address; httpx is imported on first use.
"""
