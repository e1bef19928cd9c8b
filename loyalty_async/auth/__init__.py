"""Authentication strategies: each may change headers, body and query, and sign the bytes sent."""

from loyalty_async.auth.accengage import AccengageAuth, accengage_signature
from loyalty_async.auth.base import AuthContext, AuthStrategy
from loyalty_async.auth.convercus import ConvercusAuth
from loyalty_async.auth.mews import MewsAuth
from loyalty_async.auth.oauth2 import OAuth2ClientCredentials
from loyalty_async.auth.token import Token, TokenAuth, TokenCache

__all__ = [
    "AccengageAuth",
    "AuthContext",
    "AuthStrategy",
    "ConvercusAuth",
    "MewsAuth",
    "OAuth2ClientCredentials",
    "Token",
    "TokenAuth",
    "TokenCache",
    "accengage_signature",
]
