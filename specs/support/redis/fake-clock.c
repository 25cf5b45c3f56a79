/*
 * fake-clock: a Redis module that lets the specs set the server's clock.
 *
 * The specs start their private redis-server with this module loaded. A command filter turns every TIME, from
 * clients and from Lua scripts alike, into FAKECLOCK.TIME, which this module answers. Until a spec sets the clock,
 * TIME is the real time. After `FAKECLOCK.SET <ms>` it is frozen at that instant, and `FAKECLOCK.ADVANCE <ms>`
 * moves it; `FAKECLOCK.REAL` lets it run again. Key expiry (PEXPIRE and friends) keeps the real clock.
 *
 * Written against the module ABI of Redis 6 and 7 (the function table a module reads through RedisModule_GetApi),
 * with only the declarations it needs, so it builds with a C compiler and no Redis headers:
 *     cc -O2 -shared -fPIC -o fake-clock.so fake-clock.c
 */
#include <stddef.h>
#include <stdio.h>
#include <sys/time.h>

typedef struct RedisModuleCtx RedisModuleCtx;
typedef struct RedisModuleString RedisModuleString;
typedef struct RedisModuleCommandFilterCtx RedisModuleCommandFilterCtx;
typedef struct RedisModuleCommandFilter RedisModuleCommandFilter;
typedef int (*CommandFn)(RedisModuleCtx *, RedisModuleString **, int);
typedef void (*FilterFn)(RedisModuleCommandFilterCtx *);

static int (*GetApi)(const char *, void *);
static void (*SetModuleAttribs)(RedisModuleCtx *, const char *, int, int);
static int (*CreateCommand)(RedisModuleCtx *, const char *, CommandFn, const char *, int, int, int);
static int (*ReplyWithArray)(RedisModuleCtx *, long);
static int (*ReplyWithStringBuffer)(RedisModuleCtx *, const char *, size_t);
static int (*ReplyWithLongLong)(RedisModuleCtx *, long long);
static int (*ReplyWithSimpleString)(RedisModuleCtx *, const char *);
static int (*ReplyWithError)(RedisModuleCtx *, const char *);
static int (*WrongArity)(RedisModuleCtx *);
static int (*StringToLongLong)(const RedisModuleString *, long long *);
static RedisModuleCommandFilter *(*RegisterCommandFilter)(RedisModuleCtx *, FilterFn, int);
static int (*CommandFilterArgsCount)(RedisModuleCommandFilterCtx *);
static RedisModuleString *(*CommandFilterArgGet)(RedisModuleCommandFilterCtx *, int);
static int (*CommandFilterArgReplace)(RedisModuleCommandFilterCtx *, int, RedisModuleString *);
static const char *(*StringPtrLen)(const RedisModuleString *, size_t *);
static RedisModuleString *(*CreateString)(RedisModuleCtx *, const char *, size_t);

#define OK 0
#define ERR 1

static int frozen = 0;
static long long frozen_us = 0;

static long long now_us(void) {
  if (frozen) return frozen_us;
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* TIME: [seconds, microseconds], as bulk strings, like the real command. */
static int Time(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  (void)argv;
  if (argc != 1) return WrongArity(ctx);
  long long us = now_us();
  char seconds[32], micros[16];
  int s = snprintf(seconds, sizeof seconds, "%lld", us / 1000000);
  int m = snprintf(micros, sizeof micros, "%lld", us % 1000000);
  ReplyWithArray(ctx, 2);
  ReplyWithStringBuffer(ctx, seconds, (size_t)s);
  ReplyWithStringBuffer(ctx, micros, (size_t)m);
  return OK;
}

static int milliseconds(RedisModuleCtx *ctx, RedisModuleString *arg, long long *ms) {
  if (StringToLongLong(arg, ms) != OK) {
    ReplyWithError(ctx, "ERR milliseconds must be an integer");
    return ERR;
  }
  return OK;
}

/* FAKECLOCK.SET <ms since the epoch>: freezes the clock there. */
static int Set(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  long long ms;
  if (argc != 2) return WrongArity(ctx);
  if (milliseconds(ctx, argv[1], &ms) != OK) return OK;
  if (ms < 0) return ReplyWithError(ctx, "ERR the clock cannot be set before 1970");
  frozen = 1;
  frozen_us = ms * 1000;
  return ReplyWithSimpleString(ctx, "OK");
}

/* FAKECLOCK.ADVANCE <ms>: moves the frozen clock (negative moves it back); replies with the new time in ms. */
static int Advance(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  long long ms;
  if (argc != 2) return WrongArity(ctx);
  if (milliseconds(ctx, argv[1], &ms) != OK) return OK;
  if (!frozen) {
    frozen_us = now_us();
    frozen = 1;
  }
  frozen_us += ms * 1000;
  if (frozen_us < 0) frozen_us = 0;
  return ReplyWithLongLong(ctx, frozen_us / 1000);
}

/* FAKECLOCK.REAL: the clock runs with the real time again. */
static int Real(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  (void)argv;
  if (argc != 1) return WrongArity(ctx);
  frozen = 0;
  return ReplyWithSimpleString(ctx, "OK");
}

/* Every TIME becomes FAKECLOCK.TIME, before the server looks the command up. */
static void Filter(RedisModuleCommandFilterCtx *filter) {
  if (CommandFilterArgsCount(filter) < 1) return;
  size_t length;
  const char *name = StringPtrLen(CommandFilterArgGet(filter, 0), &length);
  if (length != 4) return;
  if ((name[0] | 32) != 't' || (name[1] | 32) != 'i' || (name[2] | 32) != 'm' || (name[3] | 32) != 'e') return;
  CommandFilterArgReplace(filter, 0, CreateString(NULL, "fakeclock.time", 14));
}

#define API(name, target) GetApi("RedisModule_" name, (void *)&(target))

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  (void)argv;
  (void)argc;
  /* The first word of the context is the server's GetApi function: how every module finds the API. */
  GetApi = (int (*)(const char *, void *))(((void **)ctx)[0]);
  API("SetModuleAttribs", SetModuleAttribs);
  API("CreateCommand", CreateCommand);
  API("ReplyWithArray", ReplyWithArray);
  API("ReplyWithStringBuffer", ReplyWithStringBuffer);
  API("ReplyWithLongLong", ReplyWithLongLong);
  API("ReplyWithSimpleString", ReplyWithSimpleString);
  API("ReplyWithError", ReplyWithError);
  API("WrongArity", WrongArity);
  API("StringToLongLong", StringToLongLong);
  API("RegisterCommandFilter", RegisterCommandFilter);
  API("CommandFilterArgsCount", CommandFilterArgsCount);
  API("CommandFilterArgGet", CommandFilterArgGet);
  API("CommandFilterArgReplace", CommandFilterArgReplace);
  API("StringPtrLen", StringPtrLen);
  API("CreateString", CreateString);
  SetModuleAttribs(ctx, "fakeclock", 1, 1);
  if (CreateCommand(ctx, "fakeclock.time", Time, "readonly fast", 0, 0, 0) != OK) return ERR;
  if (CreateCommand(ctx, "fakeclock.set", Set, "write fast", 0, 0, 0) != OK) return ERR;
  if (CreateCommand(ctx, "fakeclock.advance", Advance, "write fast", 0, 0, 0) != OK) return ERR;
  if (CreateCommand(ctx, "fakeclock.real", Real, "write fast", 0, 0, 0) != OK) return ERR;
  return RegisterCommandFilter(ctx, Filter, 0) == NULL ? ERR : OK;
}
