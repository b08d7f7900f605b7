/** The PNG encoding arcompress restores (decode writes it): 8-bit gray, no alpha. */
export const NATIVE_PNG_ENCODING = '8-bit gray';
