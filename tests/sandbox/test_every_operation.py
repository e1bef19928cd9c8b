"""Every declared operation, called once through the SDK, answers 2xx with a readable body.

The calls go through ``client.call(name, …)`` (exports, which ``call`` refuses, through
``client.session.stream``), in phases so that reads come before the writes and deletes
that would take their records away: GET, POST, PATCH, PUT, DELETE, then the logout. The
records the calls need are seeded first; a delete that would leave another call without
its record gets a record of its own.

``test_every_typed_method.py`` calls each operation once more through its public typed
method, on the same records.
"""

from __future__ import annotations

import itertools
from collections import Counter
from decimal import Decimal
from typing import Any

import attrs

from loyalty_async import ConvercusClient
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.errors import APIError, DecodeError
from loyalty_async.operations import Operation, Result
from loyalty_async.sandbox import Sandbox

PROGRAM = "P-1"
PHASES = ("GET", "POST", "PATCH", "PUT", "DELETE")
#: Generic writes send this unless the operation has a body of its own below.
DEFAULT_BODY = {"name": "sandbox"}


@attrs.define
class Plan:
    """What one call sends."""

    path: dict[str, str]
    json: Any = None
    params: dict[str, str] | None = None


def _group(name: str) -> str:
    return name.rsplit(".", 1)[0]


class World:
    """The records every operation's path and body refer to, seeded before the calls."""

    def __init__(self, sandbox: Sandbox) -> None:
        seed = sandbox.seed
        core = sandbox.core
        self.ids: dict[str, str] = {}
        #: ``{id}`` by the operation group that uses it (mounting devices, webhook configs…).
        self.group_ids: dict[str, str] = {}
        #: A parameter whose value depends on the group (``batchId`` of coupons or of
        #: identifier batches, ``programId`` of the core API or of the AI service).
        self.by_group: dict[tuple[str, str], str] = {}
        self.overrides: dict[str, Plan] = {}
        ids = self.ids

        member = seed.member("ada@example.com", identifiers={"CARDCODE": "EVERY-1"}, points=5000)
        account = member.account_id
        ids.update(accountId=account, userId=member.user_id, membershipId=member.membership_id)
        ids["identifierId"] = core.members.identifiers(account)[0]["identifierId"]
        spare = seed.account()
        ids["targetAccountId"] = account
        revenue = core.ledger.transact(
            None,
            {"transactionType": "EARNTRANSACTION", "amount": Decimal(5), "externalId": "REV-0"},
            interaction_id="seed",
        )[1]
        ids["transactionId"] = revenue["transactionId"]

        coupon = seed.coupon(title="Incentive", external_reference="EXT-1")
        reward = seed.coupon(title="Reward", usage_type="REWARD", points=10)
        ids["couponId"] = coupon
        ids["externalReference"] = "EXT-1"
        account_coupon = seed.assign_coupon(coupon, account)
        reward_coupon = seed.assign_coupon(reward, account)
        ids["accountCouponId"] = ids["accountCouponIdOrCode"] = account_coupon
        redemption = core.redemptions.redeem(account_coupon, None, {}, interaction_id="seed")
        ids["redemptionId"] = redemption["redemptionId"]
        ids["batchId"] = seed.resource(
            "coupons.batches.get", {"accountIds": [account]}, couponId=coupon
        )
        seed.resource(
            "coupons.batches.list_errors", {"code": "X"}, couponId=coupon, batchId=ids["batchId"]
        )
        ids["imageId"] = seed.resource("coupons.images.delete", {"name": "a.png"}, couponId=coupon)
        ids["code"] = seed.resource(
            "coupons.promo_codes.delete_generic", {"code": "GEN-1"}, couponId=coupon
        )
        seed.resource("coupons.promo_codes.delete_unique", {"code": "GEN-1"}, couponId=coupon)
        core.users.set_custom_property(member.user_id, "nick", "Ada", new=True)
        ids["name"] = "nick"
        seed.resource("accounts.get_rating_level", {"ratingLevelId": "R1"}, accountId=account)

        ids["programId"] = PROGRAM
        program = {"programId": PROGRAM}
        for operation, param in [
            ("programs.blacklists.get", "blacklistId"),
            ("programs.custom_properties.get", "customPropertyId"),
            ("programs.endpoints.get", "endpointId"),
            ("partners.get", "partnerId"),
            ("rating.get_level", "ratingLevelId"),
            ("status_level_sets.get", "statusLevelSetId"),
            ("programs.resources.get", "resourceId"),
            ("programs.tags.get", "tagId"),
        ]:
            ids[param] = seed.resource(operation, {"name": param}, **program)
        self.by_group[("programs.blacklists", "blacklistId")] = ids.pop("blacklistId")
        partner = {**program, "partnerId": ids["partnerId"]}
        ids["storeId"] = seed.resource("stores.get", {"name": "Store"}, **partner)
        store = {**partner, "storeId": ids["storeId"]}
        # The catalog and the till hang under the partner and store: program-wide routes
        # see them too.
        ids["interactionPointId"] = seed.resource("interaction_points.get_for_store", {}, **store)
        ids["groupId"] = seed.resource("product_catalog.groups.create_for_partner", {}, **partner)
        group = {**partner, "groupId": ids["groupId"]}
        ids["subgroupId"] = seed.resource(
            "product_catalog.subgroups.create_for_partner", {}, **group
        )
        ids["itemId"] = seed.resource(
            "product_catalog.items.create_for_partner", {}, **group, subgroupId=ids["subgroupId"]
        )
        self.by_group[("partners.blacklists", "blacklistId")] = seed.resource(
            "partners.blacklists.get", {"name": "B"}, **partner
        )
        seed.resource("rating.get_program_config", {"mode": "STARS"}, **program)
        seed.resource("rating.get_partner_config", {"mode": "STARS"}, **partner)
        ids["connectorId"], ids["domainId"] = "CONN-1", "DOMAIN-1"
        ids["keycloakRealm"] = "realm"

        ids["actionId"] = seed.resource("webhooks.actions.get", {"status": "FAILED"})
        ids["alias"] = seed.resource(
            "webhooks.integrations.update_convercus_analytics", {"alias": "ana"}
        )
        for group in (
            "webhooks.action_configs",
            "webhooks.history",
            "webhooks.events",
            "push_notifications",
            *(
                f"mounting.{kind}"
                for kind in (
                    "devices",
                    "mountings",
                    "profiles",
                    "partners",
                    "programs",
                    "stores",
                    "images",
                )
            ),
        ):
            reader = "push_notifications.get" if group == "push_notifications" else f"{group}.get"
            self.group_ids[group] = seed.resource(reader, {"name": group})
        self.group_ids["push_notifications.get_target"] = seed.resource(
            "push_notifications.get_target", {"name": "target"}
        )

        audience = seed.resource("newsfeed.audiences.get", {"accountIds": [account]})
        ids["targetAudienceId"] = audience
        post = seed.resource(
            "newsfeed.posts.get",
            {"title": "Hello", "targetAudienceId": audience, "status": "PUBLISHED"},
        )
        ids["postId"] = ids["newsFeedItemId"] = post
        seed.resource("newsfeed.posts.update_assignment", {}, postId=post, accountId=account)
        ids["promptId"] = seed.resource("ai.prompts.get", {"text": "Write"})
        ids["version"] = seed.resource(
            "ai.prompts.activate_version", {}, promptId=ids["promptId"], version="1"
        )
        ai_program = seed.resource("ai.programs.get", {"name": "AI"})
        seed.resource(
            "ai.programs.assign_prompt", {"promptId": ids["promptId"]}, programId=ai_program
        )
        ids["jobId"] = seed.resource("ai.newsfeed.get_job_status", {"status": "COMPLETED"})
        self.by_group[("ai.programs", "programId")] = ai_program
        self.by_group[("identifier_batches", "batchId")] = seed.resource(
            "identifier_batches.get", {"count": 0}
        )

        # Records of their own for the calls that end or change what others read.
        fraud_free, fraud_locked = seed.account(), seed.account(locked=True)
        anonymous = seed.account()
        leaving = seed.user("leaving@example.com")
        collector = seed.membership(account, seed.user("collector@example.com"), role="COLLECTOR")
        newcomer = seed.user("newcomer@example.com")
        unassigned = seed.coupon(title="Unassigned")
        other_coupon = seed.coupon(title="Doomed")
        doomed = seed.coupon(title="Doomed too")
        held, holder = seed.coupon(title="Held"), seed.account()
        seed.assign_coupon(held, holder)
        reassigned, second = seed.account(), seed.account()
        for extra in (reassigned, second):
            seed.resource("newsfeed.posts.update_assignment", {}, postId=post, accountId=extra)
        doomed_post = seed.resource("newsfeed.posts.get", {"title": "Doomed"})
        third = seed.account()
        with_account = {"accountId": account}
        self.overrides = {
            "accounts.merge": Plan({"accountId": spare, "targetAccountId": account}),
            "accounts.delete_anonymous": Plan({"accountId": anonymous}),
            "accounts.create_fraud": Plan({"accountId": fraud_free}, {"reason": "test"}),
            "accounts.get_fraud_info": Plan({"accountId": fraud_locked}),
            "accounts.remove_fraud": Plan({"accountId": fraud_locked}),
            "users.delete": Plan({"userId": leaving}),
            "memberships.remove": Plan({**with_account, "membershipId": collector}),
            "memberships.create": Plan(with_account, {"memberRole": "COOWNER", "userId": newcomer}),
            "coupons.assignments.assign": Plan({"couponId": unassigned}, with_account),
            "coupons.assignments.unassign": Plan({"couponId": held, "accountId": holder}),
            "coupons.delete": Plan({"couponId": other_coupon}),
            "coupons.delete_deprecated": Plan({"couponId": doomed}),
            "newsfeed.posts.assign_account": Plan({"postId": post, "accountId": third}),
            "newsfeed.posts.unassign_account_deprecated": Plan(
                {"postId": post, "accountId": reassigned}
            ),
            "newsfeed.posts.unassign_accounts_batch": Plan({"postId": post}, [second]),
            "newsfeed.posts.unassign_accounts_batch_deprecated": Plan({"postId": post}, [third]),
            "newsfeed.posts.delete": Plan({"postId": doomed_post}),
            "ai.programs.assign_prompt": Plan(
                {"programId": ai_program}, {"promptId": ids["promptId"]}
            ),
        }
        for name in (
            "account_coupons.preview_redeem",
            "account_coupons.preview_redeem_v2",
            "account_coupons.preview_redeem_put_deprecated",
        ):
            self.overrides[name] = Plan(
                {"accountCouponIdOrCode": reward_coupon, "accountCouponId": reward_coupon}, {}
            )
        self.sequence = itertools.count(1)

    def body(self, operation: Operation) -> Any:
        """The body an operation sends (``None`` for reads and deletes)."""
        name = operation.name
        unique = f"EVERY-{next(self.sequence)}"
        kept = [{"name": "nick", "value": "Ada"}]
        bodies: dict[str, Any] = {
            "auth.login": {"org": "SANDBOX", "userName": "sandbox", "password": "sandbox"},
            "accounts.create": None,
            "accounts.update_rating_level": {"ratingLevelId": "R2"},
            "identifiers.create": {"type": "APPCODE"},
            "memberships.update": {"optins": [{"flag": True, "type": "email"}]},
            "memberships.update_optins": [{"flag": True, "type": "email"}],
            "bookings.create": {"bookingType": "EARNBOOKING", "points": 5},
            "bookings.create_deprecated": {"bookingType": "EARNBOOKING", "points": 5},
            "bookings.create_level_booking": {"bookingType": "EARNBOOKING", "points": 5},
            "bookings.create_level_booking_deprecated": {"bookingType": "EARNBOOKING", "points": 5},
            "coupons.update": {"usageType": "INCENTIVE", "externalReference": "EXT-1"},
            "coupons.update_deprecated": {"usageType": "INCENTIVE", "externalReference": "EXT-1"},
            "coupons.update_status": {"status": "ACTIVE"},
            "coupons.count_accounts": [self.ids["couponId"]],
            "coupons.batches.assign_accounts": {"accountIds": [self.ids["accountId"]]},
            "coupons.batches.assign_accounts_2": {"accountIds": [self.ids["accountId"]]},
            "coupons.batches.assign_accounts_deprecated": {"accountIds": [self.ids["accountId"]]},
            "coupons.batches.update_redemption_limit": {"maxRedeemCount": 50},
            "coupons.assignments.update_redemption_limit": {"maxRedeemCount": 50},
            "coupons.promo_codes.create_generic": {},
            "coupons.promo_codes.create_unique": {},
            "coupons.promo_codes.create_unique_batch": {"count": 2},
            "account_coupons.set_activation": {"active": True},
            "users.create": {"emailAddress": f"{unique.lower()}@example.com"},
            "users.create_deprecated": {"emailAddress": f"{unique.lower()}@example.com"},
            "users.replace": {"emailAddress": "ada@example.com", "customProperties": kept},
            "users.replace_deprecated": {
                "emailAddress": "ada@example.com",
                "customProperties": kept,
            },
            "users.update": {"city": "Bonn"},
            "users.update_deprecated": {"city": "Köln"},
            "users.request_password_reset": {"emailAddress": "ada@example.com"},
            "users.update_password": {"password": "s3cret-Sandbox"},
            "users.add_custom_property": {"name": "color", "value": "green"},
            "users.update_custom_property": {"name": "nick", "value": "Lovelace"},
            "identifier_batches.create": {"count": 2, "type": "CARDCODE"},
            "identifier_batches.create_deprecated": {"count": 2, "type": "CARDCODE"},
            "newsfeed.posts.assign_accounts_batch": [self.ids["accountId"]],
            "newsfeed.posts.assign_accounts_batch_deprecated": [self.ids["accountId"]],
            "newsfeed.create_message": {"accountId": self.ids["accountId"], "title": "Hi"},
            "newsfeed.audiences.list_accounts": {"targetAudienceId": self.ids["targetAudienceId"]},
            "newsfeed.audiences.validate": {"accountIds": [self.ids["accountId"]]},
            "search.search": {"query": "ada"},
            "search.perform_search": {"query": "EVERY-1"},
            "mounting.devices.create_many": [{"name": "d1"}, {"name": "d2"}],
        }
        if name.startswith(
            ("transactions.create_for_account", "transactions.book_revenue")
        ) or name.startswith("transactions.preview"):
            return {
                "transactionType": "EARNTRANSACTION",
                "amount": Decimal("9.99"),
                "externalId": unique,
            }
        if name.endswith(("create_many", "upload_bulk")):
            return [{"name": "one"}, {"name": "two"}]
        if name in bodies:
            return bodies[name]
        if operation.method in ("POST", "PUT", "PATCH"):
            return DEFAULT_BODY
        return None

    def plan(self, operation: Operation) -> Plan:
        """The path values, body and query of one call."""
        override = self.overrides.get(operation.name)
        path: dict[str, str] = {}
        for param in operation.parameters:
            if override is not None and param in override.path:
                path[param] = override.path[param]
            elif (key := self._group_key(operation.name, param)) is not None:
                path[param] = self.by_group[key]
            elif param == "id":
                group = self.group_ids.get(operation.name) or self.group_ids[_group(operation.name)]
                path[param] = group
            else:
                path[param] = self.ids[param]
        body = (
            override.json
            if override is not None and override.json is not None
            else self.body(operation)
        )
        params = (
            {"accountId": self.ids["accountId"]}
            if operation.name.startswith("newsfeed.list")
            else None
        )
        return Plan(path, body, params)

    def _group_key(self, name: str, param: str) -> tuple[str, str] | None:
        return next(
            (key for key in self.by_group if key[1] == param and name.startswith(f"{key[0]}.")),
            None,
        )


def _order(operation: Operation) -> tuple[int, int]:
    if operation.name == "auth.logout":
        return len(PHASES), 0
    return PHASES.index(operation.method), 0


async def _exercise(client: ConvercusClient, operation: Operation, plan: Plan) -> Any:
    if operation.result is Result.FILE:
        path = operation.path.format_map(plan.path)
        async with client.session.stream("GET", path) as response:
            body = b"".join([chunk async for chunk in response.aiter_bytes()])
        return body.decode("utf-8")
    return await client.call(
        operation.name, path_params=plan.path or None, json=plan.json, params=plan.params
    )


async def test_every_declared_operation_answers_2xx_through_the_sdk(
    sandbox: Sandbox, client: ConvercusClient
) -> None:
    world = World(sandbox)
    operations = sorted(OPERATIONS, key=_order)
    failures: list[str] = []
    answers: dict[str, Any] = {}
    for operation in operations:
        plan = world.plan(operation)
        try:
            answers[operation.name] = await _exercise(client, operation, plan)
        except APIError as error:
            failures.append(f"{operation.name}: HTTP {error.status} {error.code} {error.message}")
        except DecodeError as error:
            failures.append(f"{operation.name}: unreadable answer: {error}")

    statuses = Counter(sandbox.stats.statuses)
    assert failures == [], "\n".join(failures)
    assert len(answers) == len(OPERATIONS) == 428
    assert 501 not in statuses and not any(status >= 500 for status in statuses)
    # Every route counted its requests under the operation it serves.
    assert sum(sandbox.stats.operations.values()) >= len(OPERATIONS)
    assert answers["partners.get"]["partnerId"] == world.ids["partnerId"]
    assert answers["auth.login"].count(".") == 2


async def test_the_plan_covers_every_path_parameter(sandbox: Sandbox) -> None:
    world = World(sandbox)

    plans = {operation.name: world.plan(operation) for operation in OPERATIONS}

    assert all(set(plans[op.name].path) == set(op.parameters) for op in OPERATIONS)
