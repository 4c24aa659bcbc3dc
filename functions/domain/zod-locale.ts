// zod/mini installs no locale (zod classic installs English with its first schema). Without this, the messages zod
// writes itself would read "Invalid input" where they read "Invalid input: expected string, received undefined";
// every module that builds a schema imports it, so no schema parses before it ran.

import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());
