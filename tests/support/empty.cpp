// Keeps a test library non-empty while its sources are being written; no code.
