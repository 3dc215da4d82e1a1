import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationModule } from '@casebook/application';
import { DirectoryController } from './directory.controller';

@Module({
  imports: [CqrsModule, ApplicationModule],
  controllers: [DirectoryController],
})
export class DirectoryModule {}
