import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@casebook/platform';
import { MetricsService } from './metrics.service';

/** Prometheus scrape target (API.md "Operations"): at the root, outside /api/v1, without auth. */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus text format: HTTP latency, commands, appended events, projection lag, SLA breaches' })
  async scrape(@Res() res: Response): Promise<void> {
    const body = await this.metrics.scrape();
    // end(), not send(): send() rewrites the content type, moving the charset before the format version.
    res.status(200).setHeader('content-type', this.metrics.registry.contentType);
    res.end(body);
  }
}
