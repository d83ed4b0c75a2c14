/**
 * Start the validated-zone crawler and wait for it. A crawler that is already running (a
 * schedule, or a person) is waited for and then started again, so this batch's folders are
 * always crawled by a run that began after they were written. Both waits share one poll
 * counter, which bounds the whole step.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { PIPELINE_ERRORS, PIPELINE_STATES as S } from './state-names';
import { FAILURE_RESULT_PATH, GLUE_RETRY, guardTask } from './task-policy';

export interface CrawlerWait {
  readonly crawlerName: string;
  readonly crawlerArn: string;
  readonly pollInterval: Duration;
  /** Polls (of either wait) before CrawlerTimeout: the crawler timeout over the interval. */
  readonly maxPolls: number;
  /** Where a successful crawl continues. */
  readonly next: sfn.IChainable;
  /** The failure handler; receives `$.error` like a Catch would give it. */
  readonly onFailure: sfn.IChainable;
}

const POLLS = '$.crawlerPolls.value';
const CRAWLER = '$.crawler.Crawler';

/** InitCrawlerPolls → StartCrawler → WaitForCrawler/GetCrawler loop → `next`. */
export function crawlerWaitStates(scope: Construct, w: CrawlerWait): sfn.IChainable {
  const failWith = (id: string, error: string, cause: string) =>
    new sfn.Pass(scope, id, {
      result: sfn.Result.fromObject({ Error: error, Cause: cause }),
      resultPath: FAILURE_RESULT_PATH,
    }).next(w.onFailure);
  const seconds = w.pollInterval.toSeconds();
  const crawlerTimeout = failWith(
    S.crawlerTimeout,
    PIPELINE_ERRORS.crawlerTimeout,
    `crawler ${w.crawlerName} did not finish within ${w.maxPolls} polls ${seconds}s apart; it may still be running`,
  );
  const crawlerFailed = failWith(
    S.crawlerFailed,
    PIPELINE_ERRORS.crawlerFailed,
    `crawler ${w.crawlerName} ended without SUCCEEDED: see LastCrawl.ErrorMessage (glue get-crawler) and /aws-glue/crawlers`,
  );
  const countPoll = (id: string) =>
    new sfn.Pass(scope, id, {
      parameters: { value: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt(POLLS), 1) },
      resultPath: '$.crawlerPolls',
    });
  const crawlerCall = (id: string, action: string, resultPath: string) =>
    new tasks.CallAwsService(scope, id, {
      service: 'glue',
      action,
      parameters: { Name: w.crawlerName },
      iamResources: [w.crawlerArn],
      resultPath,
    });

  const startCrawler = crawlerCall(S.startCrawler, 'startCrawler', sfn.JsonPath.DISCARD);
  // First catcher wins, so the running-crawler case is caught before the failure handler's.
  const waitForRunning = new sfn.Wait(scope, S.waitForRunningCrawler, {
    time: sfn.WaitTime.duration(w.pollInterval),
  });
  startCrawler.addCatch(waitForRunning, {
    errors: ['Glue.CrawlerRunningException'],
    resultPath: sfn.JsonPath.DISCARD,
  });
  guardTask(startCrawler, GLUE_RETRY, w.onFailure);
  waitForRunning
    .next(countPoll(S.countRunningCrawlerWait))
    .next(
      new sfn.Choice(scope, S.checkRunningCrawlerWait)
        .when(sfn.Condition.numberGreaterThanEquals(POLLS, w.maxPolls), crawlerTimeout)
        .otherwise(startCrawler),
    );

  const waitForCrawler = new sfn.Wait(scope, S.waitForCrawler, {
    time: sfn.WaitTime.duration(w.pollInterval),
  });
  const ready = sfn.Condition.stringEquals(`${CRAWLER}.State`, 'READY');
  waitForCrawler
    .next(guardTask(crawlerCall(S.getCrawler, 'getCrawler', '$.crawler'), GLUE_RETRY, w.onFailure))
    .next(countPoll(S.countCrawlerPoll))
    .next(
      new sfn.Choice(scope, S.checkCrawler)
        .when(
          sfn.Condition.and(
            ready,
            // LastCrawl is absent until a crawler's first crawl ends.
            sfn.Condition.isPresent(`${CRAWLER}.LastCrawl.Status`),
            sfn.Condition.stringEquals(`${CRAWLER}.LastCrawl.Status`, 'SUCCEEDED'),
          ),
          w.next,
        )
        .when(ready, crawlerFailed)
        .when(sfn.Condition.numberGreaterThanEquals(POLLS, w.maxPolls), crawlerTimeout)
        .otherwise(waitForCrawler),
    );

  return new sfn.Pass(scope, S.initCrawlerPolls, {
    result: sfn.Result.fromObject({ value: 0 }),
    resultPath: '$.crawlerPolls',
  })
    .next(startCrawler)
    .next(waitForCrawler);
}
