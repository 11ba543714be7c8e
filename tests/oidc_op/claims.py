def userinfo(claims, user):
    """The provider vouches for the address: a municipality's directory does."""
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["name"] = user.get_full_name() or user.username
    return claims
