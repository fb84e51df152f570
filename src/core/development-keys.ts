// SPEC §6 rule 17: no production run on development keys. Pure, so the serving commands and
// `doctor` give the same answer. The development values are what the configuration falls back
// to when a key is unset, so "unset" and "set to the development value" are one case here.

export const DEVELOPMENT_SECRETS_KEY = '0'.repeat(64);
export const DEVELOPMENT_MESSAGE_HMAC_KEY = 'dev-only-change-me-please';

export type DeploymentEnv = 'production' | 'development';
export type KeyName = 'SECRETS_KEY' | 'MESSAGE_HMAC_KEY';

export interface KeySettings {
  RECOVERY_DESK_ENV: DeploymentEnv;
  SECRETS_KEY: string;
  MESSAGE_HMAC_KEY: string;
}

export interface KeyProblem {
  variable: KeyName;
  /** One line for an operator: what is wrong and how to fix it. */
  message: string;
}

const DEVELOPMENT_VALUES: Record<KeyName, string> = {
  SECRETS_KEY: DEVELOPMENT_SECRETS_KEY,
  MESSAGE_HMAC_KEY: DEVELOPMENT_MESSAGE_HMAC_KEY,
};

/** The keys still at their published development value; none when RECOVERY_DESK_ENV=development. */
export function developmentKeyProblems(settings: KeySettings): KeyProblem[] {
  if (settings.RECOVERY_DESK_ENV === 'development') return [];
  return (Object.keys(DEVELOPMENT_VALUES) as KeyName[])
    .filter((variable) => settings[variable].trim().toLowerCase() === DEVELOPMENT_VALUES[variable])
    .map((variable) => ({
      variable,
      message:
        `${variable} is unset or set to the published development value: generate a key with ` +
        `\`openssl rand -hex 32\` and set ${variable} to it (RECOVERY_DESK_ENV=development allows the development value on a development machine)`,
    }));
}
