# What the test asks of Django, answered through Django's and django-otp's own code:
#   app.py user USERNAME EMAIL          a user with a confirmed TOTP device, 2 static recovery
#                                       tokens, a group, and a logged-in, OTP-verified session
#   app.py state USERNAME SESSION_KEY   devices, recovery tokens, what the session still is
#   app.py verify USERNAME KEY_HEX      whether the current TOTP code and a recovery code verify
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')
import django  # noqa: E402

django.setup()

from django.contrib.auth import login  # noqa: E402
from django.contrib.auth.middleware import AuthenticationMiddleware  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django_otp import devices_for_user, match_token  # noqa: E402
from django_otp import login as otp_login  # noqa: E402
from django_otp.middleware import OTPMiddleware  # noqa: E402
from django_otp.oath import TOTP  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

RECOVERY_CODES = ['rc111111', 'rc222222']


def current_code(key_hex):
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6)
    totp.time = time.time()
    return '%06d' % totp.token()


def create_user(username, email):
    user = User.objects.create_user(username, email=email, password='pw-' + username, first_name=username.capitalize(), last_name='Martin')
    group, _ = Group.objects.get_or_create(name='Acme')
    user.groups.add(group)
    device = TOTPDevice.objects.create(user=user, name='phone', confirmed=True)
    static = StaticDevice.objects.create(user=user, name='backup', confirmed=True)
    for token in RECOVERY_CODES:
        static.token_set.create(token=token)
    request = RequestFactory().get('/')
    request.session = SessionStore()
    login(request, user, backend='django.contrib.auth.backends.ModelBackend')
    user.otp_device = None  # what OTPMiddleware sets on request.user before a view verifies a token
    request.user = user
    otp_login(request, device)
    request.session.save()
    return {'id': user.pk, 'key': device.key, 'session': request.session.session_key}


def state(username, session_key):
    user = User.objects.get(username=username)
    request = RequestFactory().get('/')
    request.session = SessionStore(session_key)
    AuthenticationMiddleware(lambda r: None)(request)
    OTPMiddleware(lambda r: None)(request)
    return {
        'devices': len(list(devices_for_user(user, confirmed=None))),
        'recoveryTokens': StaticToken.objects.filter(device__user=user).count(),
        'sessionExists': SessionStore().exists(session_key),
        'authenticated': bool(request.user.is_authenticated),
        'verified': bool(request.user.is_verified()),
    }


def verify(username, key_hex):
    user = User.objects.get(username=username)
    return {
        'totpVerifies': match_token(user, current_code(key_hex)) is not None,
        'recoveryCodeVerifies': match_token(user, RECOVERY_CODES[0]) is not None,
    }


if __name__ == '__main__':
    command, *args = sys.argv[1:]
    answer = {'user': create_user, 'state': state, 'verify': verify}[command](*args)
    print(json.dumps(answer))
