/* dynantic.h: the one header applications include
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#define DYNANTIC_INSIDE

#include <glib-object.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dynantic-batch-get.h"
#include "dynantic-batch-write.h"
#include "dynantic-batch-writer.h"
#include "dynantic-client.h"
#include "dynantic-condition.h"
#include "dynantic-credentials.h"
#include "dynantic-retry.h"
#include "dynantic-enums.h"
#include "dynantic-error.h"
#include "dynantic-iterator.h"
#include "dynantic-model.h"
#include "dynantic-model-io.h"
#include "dynantic-page.h"
#include "dynantic-query.h"
#include "dynantic-read.h"
#include "dynantic-results.h"
#include "dynantic-scan.h"
#include "dynantic-table.h"
#include "dynantic-transaction.h"
#include "dynantic-update.h"
#include "dynantic-version.h"

#undef DYNANTIC_INSIDE
