# A minimal Django project using django-otp (TOTP + static recovery codes) with database sessions:
# the company application the django-otp preset is verified against.
import os

SECRET_KEY = 'recovery-desk-test-only-not-a-secret'
USE_TZ = True
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
INSTALLED_APPS = [
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django_otp',
    'django_otp.plugins.otp_totp',
    'django_otp.plugins.otp_static',
]
SESSION_ENGINE = 'django.contrib.sessions.backends.db'
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': os.environ['DJANGO_DB_NAME'],
        'USER': 'root',
        'HOST': '127.0.0.1',
        'PORT': '5432',
    }
}
