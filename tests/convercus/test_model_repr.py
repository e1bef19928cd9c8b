"""A model in a log line or a traceback shows member data masked, as the SDK's logs do.

``repr(user)`` printed the e-mail address, name, phone and birth date; ``repr`` of the
account details every card code. The logging rules (``MEMBER_FIELDS``, ``mask``) decide
what is member data and how it is shown; the values themselves are untouched.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import attrs

import loyalty_async.convercus.models as models
from loyalty_async.convercus import AccountDetails, Identifier, NewUser, User, UserUpdate
from loyalty_async.convercus.models.profile import AccountMember
from loyalty_async.modeling import CLEAR, to_camel
from loyalty_async.session.redaction import MEMBER_FIELDS

ADA = {
    "email_address": "ada@example.com",
    "given_name": "Ada",
    "family_name": "Lovelace",
    "street_house_no": "St James's Square 12",
    "zip_code": "SW1Y 4JH",
    "phone": "+44 20 7946 0000",
}


def test_member_data_is_masked_in_repr_and_kept_in_the_model() -> None:
    user = NewUser(**ADA, birth_date=dt.date(1815, 12, 10), city="London")
    shown = repr(user)
    for value in [*ADA.values(), "1815-12-10"]:
        assert value not in shown
    assert "email_address='a***@example.com'" in shown
    assert "city='London'" in shown  # a city names no one
    assert user.email_address == "ada@example.com"
    assert user == NewUser(**ADA, birth_date=dt.date(1815, 12, 10), city="London")


def test_nested_models_mask_their_own_fields() -> None:
    details = AccountDetails(
        account_id="7d123457-bfa1-4a83-8213-123456789763",
        identifiers=[Identifier(code="V1W2X3Y4Z5", display_code="V1W2 X3Y4 Z5")],
        memberships=[AccountMember(user_id="u-1", email_address="ada@example.com")],
    )
    shown = repr(details)
    assert "V1W2X3Y4Z5" not in shown and "V1W2 X3Y4 Z5" not in shown
    assert "ada@example.com" not in shown
    assert "7d123457-bfa1-4a83-8213-123456789763" in shown  # a technical id is no member data


def test_update_markers_are_shown_as_they_are() -> None:
    shown = repr(UserUpdate(given_name=CLEAR))
    assert "given_name=CLEAR" in shown and "email_address=UNSET" in shown
    assert "phone=None" in repr(User(user_id="u-1"))


def test_every_model_with_member_data_masks_it() -> None:
    for module in pkgutil.iter_modules(models.__path__, models.__name__ + "."):
        loaded = importlib.import_module(module.name)
        for cls in vars(loaded).values():
            if not (isinstance(cls, type) and attrs.has(cls)):
                continue
            member = [
                f.name
                for f in attrs.fields(cls)
                if f.repr is not False and to_camel(f.name).lower() in MEMBER_FIELDS
            ]
            if member:
                assert cls.__repr__.__qualname__.startswith("_masked_repr"), (cls, member)
