// zod/mini ships without messages: until a locale is set, every issue reads "Invalid input".
// Classic zod installs English on first use; every module that builds or runs a zod/mini schema
// imports this file to do the same.
import { en } from "zod/locales";
import * as z from "zod/mini";

if (!z.config().localeError) z.config(en());
