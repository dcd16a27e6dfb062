def navigation(request) -> dict:
    return {}
