/** Where the Electron binary is, or null when none is installed (never downloads). */
export function electronBinary(): string | null;
